namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the enqueue, status and cancel activities: which job of which object.</summary>
/// <param name="Object">The exported object (decides the bulk endpoint).</param>
/// <param name="ExportId">Marketo's export id.</param>
public sealed record ExportJobRef(ExportObject Object, string ExportId);
