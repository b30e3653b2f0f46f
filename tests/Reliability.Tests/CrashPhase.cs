namespace MarketoExport.Reliability.Tests;

/// <summary>Where the crash tests SIGKILL the child `run` (all in the first of two windows).</summary>
public enum CrashPhase
{
    /// <summary>The job is created and saved as in flight; the enqueue call is held.</summary>
    AfterCreate,

    /// <summary>The job is created but the checkpoint write that records it as in flight is held (the narrowest gap).</summary>
    CreatedNotYetSaved,

    /// <summary>The job is enqueued (Queued); the first status call is held.</summary>
    AfterEnqueue,

    /// <summary>The job is Processing and a later status poll is held.</summary>
    WhilePolling,

    /// <summary>The download was cut after some bytes and the Range resume request is held (a partial file exists).</summary>
    MidDownload,

    /// <summary>The file is landed and in the manifest; the checkpoint write that moves the high-water mark is held.</summary>
    AfterLandingBeforeCheckpoint,

    /// <summary>The first window's checkpoint is written; the second window's create call is held.</summary>
    AfterCheckpointWrite,
}
