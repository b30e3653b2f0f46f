namespace MarketoExport.FunctionApp.Http;

/// <summary>The body of a purge: how many instances (the run and its object exports) were deleted.</summary>
public sealed record ExportRunPurged(int InstancesDeleted);
