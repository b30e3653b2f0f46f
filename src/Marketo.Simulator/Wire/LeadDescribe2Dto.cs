namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary><c>result[0]</c> of <c>GET /rest/v1/leads/describe2.json</c>.</summary>
internal sealed record LeadDescribe2Dto(string Name, IReadOnlyList<IReadOnlyList<string>> SearchableFields, IReadOnlyList<DescribeFieldDto> Fields);
