namespace MarketoExport.Marketo.Simulator.Wire;

/// <summary>The <c>rest</c> / <c>soap</c> member of a <c>leads/describe.json</c> field.</summary>
internal sealed record LeadFieldApiNameDto(string Name, bool ReadOnly);
