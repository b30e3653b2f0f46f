namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// Registered activity names. The activity classes live in the Activities project, which references this one, so
/// the names are constants here; a test there asserts each equals <c>nameof</c> of its class.
/// </summary>
public static class ActivityNames
{
    /// <summary>CreateExportJobActivity.</summary>
    public const string CreateExportJob = "CreateExportJobActivity";

    /// <summary>EnqueueExportJobActivity.</summary>
    public const string EnqueueExportJob = "EnqueueExportJobActivity";

    /// <summary>GetExportJobStatusActivity.</summary>
    public const string GetExportJobStatus = "GetExportJobStatusActivity";

    /// <summary>CancelExportJobActivity.</summary>
    public const string CancelExportJob = "CancelExportJobActivity";

    /// <summary>FindCreatedExportJobActivity.</summary>
    public const string FindCreatedExportJob = "FindCreatedExportJobActivity";

    /// <summary>DownloadExportFileActivity.</summary>
    public const string DownloadExportFile = "DownloadExportFileActivity";

    /// <summary>GetExportUsageActivity.</summary>
    public const string GetExportUsage = "GetExportUsageActivity";

    /// <summary>ReadCheckpointActivity.</summary>
    public const string ReadCheckpoint = "ReadCheckpointActivity";

    /// <summary>WriteCheckpointActivity.</summary>
    public const string WriteCheckpoint = "WriteCheckpointActivity";

    /// <summary>ProvisionCheckpointObjectActivity.</summary>
    public const string ProvisionCheckpointObject = "ProvisionCheckpointObjectActivity";

    /// <summary>SendAlertActivity.</summary>
    public const string SendAlert = "SendAlertActivity";

    /// <summary>The fields to export of an object configured without a field list: every field Marketo describes.</summary>
    public const string DescribeExportFields = "DescribeExportFieldsActivity";
}
