namespace MarketoExport.Management;

/// <summary>Names shared by every host of the export.</summary>
public static class ExportRuns
{
    /// <summary>
    /// The instance id of the export run. Runs are singletons: the CLI, the local server, the schedule and Azure all
    /// start this id, so a second start while one is Pending, Running or Suspended starts nothing.
    /// </summary>
    public const string RunInstanceId = "export-run";
}
