namespace MarketoExport.Durable.AzureStorage;

/// <summary>
/// Thrown when a second process on this machine would join the task hub with the worker id another live process
/// uses (both derived it from the same state folder): two workers with one id would both process the same partitions.
/// </summary>
public sealed class WorkerIdInUseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WorkerIdInUseException(string workerId, string lockPath, Exception? innerException = null)
        : base(
            $"Worker id '{workerId}' is in use by another process on this machine (lock file '{lockPath}'). "
            + "Each worker of a task hub needs its own id: give this process another state folder (--state), or set Durable:AzureStorage:WorkerId.",
            innerException)
    {
        WorkerId = workerId;
        LockPath = lockPath;
    }

    /// <summary>The worker id.</summary>
    public string WorkerId { get; }

    /// <summary>The lock file.</summary>
    public string LockPath { get; }
}
