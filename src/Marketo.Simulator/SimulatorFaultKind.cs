namespace MarketoExport.Marketo.Simulator;

/// <summary>What an injected fault does. See <see cref="SimulatorFault"/> for the parameters each kind reads.</summary>
public enum SimulatorFaultKind
{
    /// <summary>Answer matching calls with HTTP 200 and <c>success:false</c> carrying <see cref="SimulatorFault.Code"/> (601, 602, 604, 606, 607, 608, 611, 615, 713, 1029, 1035, ...).</summary>
    ErrorCode,

    /// <summary>Answer matching calls with a bare HTTP <see cref="SimulatorFault.StatusCode"/> (500, 502, ...).</summary>
    HttpStatus,

    /// <summary>Abort the connection after <see cref="SimulatorFault.AfterBytes"/> bytes of a file download.</summary>
    CutDownload,

    /// <summary>Report a wrong <c>fileChecksum</c> for the next completing job(s).</summary>
    WrongChecksum,

    /// <summary>Make the next job(s) that finish processing (or <see cref="SimulatorFault.ExportId"/>) end as Failed.</summary>
    FailJob,

    /// <summary>Make the next job(s) that finish processing (or <see cref="SimulatorFault.ExportId"/>) end as Cancelled.</summary>
    CancelJob,

    /// <summary>Answer file downloads with 404 even though the job is Completed.</summary>
    FileMissing,

    /// <summary>Add <see cref="SimulatorFault.ExtraTicks"/> processing ticks to the next job(s) that start processing.</summary>
    SlowQueue,

    /// <summary>Skip the next custom-object sync record(s) with reason <see cref="SimulatorFault.Code"/> (default 1003).</summary>
    RejectCustomObjectRecord,

    /// <summary>Make custom-object type <see cref="SimulatorFault.ApiName"/> (or any) look missing on record endpoints.</summary>
    MissingCustomObjectType,
}
