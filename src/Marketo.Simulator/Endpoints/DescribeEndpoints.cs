using MarketoExport.Marketo.Simulator.Data;
using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>
/// Describe Lead2 (<c>leads/describe2.json</c>), the older Describe Lead (<c>leads/describe.json</c>, kept for
/// third-party tools that still call it) and Describe Program Member (<c>programs/members/describe.json</c>), all
/// generated from <see cref="FieldCatalog"/>, so every described field is exportable.
/// </summary>
internal static class DescribeEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state)
    {
        var ctx = SimulatorJsonContext.Default;
        var createdAt = Reply.Format(state.Options.DataStart);

        app.MapGet("/rest/v1/leads/describe2.json", (RequestDelegate)(c => Reply.Ok(c,
            [new LeadDescribe2Dto("API Lead", FieldCatalog.LeadSearchableFields, [.. FieldCatalog.LeadFields.Select(Field)])],
            ctx.EnvelopeLeadDescribe2Dto)));

        app.MapGet("/rest/v1/leads/describe.json", (RequestDelegate)(c => Reply.Ok(c,
            [.. FieldCatalog.LeadFields.Select(f => new LeadFieldDto(
                f.Id,
                f.DisplayName,
                f.DataType,
                f.Length,
                new LeadFieldApiNameDto(f.Name, !f.Updateable),
                new LeadFieldApiNameDto(f.SoapName ?? f.Name, !f.Updateable)))],
            ctx.EnvelopeLeadFieldDto)));

        app.MapGet("/rest/v1/programs/members/describe.json", (RequestDelegate)(c => Reply.Ok(c,
            [new ProgramMemberDescribeDto(
                "API Program Membership",
                "Map for API program membership fields",
                createdAt,
                createdAt,
                FieldCatalog.MemberDedupeFields,
                FieldCatalog.MemberSearchableFields,
                [.. FieldCatalog.MemberFields.Select(Field)])],
            ctx.EnvelopeProgramMemberDescribeDto)));
    }

    private static DescribeFieldDto Field(SimulatorField f) => new(f.Name, f.DisplayName, f.DataType, f.Length, f.Updateable, f.CrmManaged);
}
