using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>Usage and error stats (real counts) and the activity type table.</summary>
internal static class StatsEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state)
    {
        app.MapGet("/rest/v1/stats/usage.json", (RequestDelegate)(c => Usage(c, state, 1)));
        app.MapGet("/rest/v1/stats/usage/last7days.json", (RequestDelegate)(c => Usage(c, state, 7)));
        app.MapGet("/rest/v1/stats/errors.json", (RequestDelegate)(c => Errors(c, state, 1)));
        app.MapGet("/rest/v1/stats/errors/last7days.json", (RequestDelegate)(c => Errors(c, state, 7)));
        app.MapGet("/rest/v1/activities/types.json", (RequestDelegate)(c => Reply.Ok(c,
            [.. state.Options.ActivityTypes.Select(t => new ActivityTypeDto(
                t.Id,
                t.Name,
                t.Description,
                t.PrimaryAttributeName is null ? null : new ActivityTypeAttributeDto(t.PrimaryAttributeName, t.PrimaryAttributeDataType ?? "string"),
                [.. t.Attributes.Select(a => new ActivityTypeAttributeDto(a.Key, a.Value))]))],
            SimulatorJsonContext.Default.EnvelopeActivityTypeDto)));
    }

    private static Task Usage(HttpContext context, SimulatorState state, int days) => Reply.Ok(context,
        [.. state.Calls.Usage(days).Select(d => new UsageDayDto(d.Date, d.Total, d.Total == 0 ? [] : [new UsageUserDto(state.Options.ApiUserEmail, d.Total)]))],
        SimulatorJsonContext.Default.EnvelopeUsageDayDto);

    private static Task Errors(HttpContext context, SimulatorState state, int days) => Reply.Ok(context,
        [.. state.Calls.Errors(days).Select(d => new ErrorDayDto(d.Date, d.Errors.Sum(e => e.Value), [.. d.Errors.Select(e => new ErrorCountDto(e.Key, e.Value))]))],
        SimulatorJsonContext.Default.EnvelopeErrorDayDto);
}
