namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary>One <c>result</c> item of the older <c>GET /rest/v1/leads/describe.json</c>.</summary>
internal sealed record LeadFieldDto(int Id, string DisplayName, string DataType, int? Length, LeadFieldApiNameDto? Rest, LeadFieldApiNameDto? Soap);
