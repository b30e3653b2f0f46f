namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary><c>result[0]</c> of <c>GET /rest/v1/programs/members/describe.json</c>.</summary>
internal sealed record ProgramMemberDescribeDto(
    string Name,
    string Description,
    string CreatedAt,
    string UpdatedAt,
    IReadOnlyList<string> DedupeFields,
    IReadOnlyList<IReadOnlyList<string>> SearchableFields,
    IReadOnlyList<DescribeFieldDto> Fields);
