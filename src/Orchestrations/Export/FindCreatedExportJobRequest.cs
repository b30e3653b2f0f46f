namespace MarketoExport.Orchestrations.Export;

/// <summary>Input of the find-created-job activity: the newest Created job of the object made at or after a time.</summary>
/// <param name="Object">The exported object (decides the bulk endpoint listed).</param>
/// <param name="CreatedAfterUtc">When the create was about to start (orchestration time).</param>
public sealed record FindCreatedExportJobRequest(ExportObject Object, DateTime CreatedAfterUtc);
