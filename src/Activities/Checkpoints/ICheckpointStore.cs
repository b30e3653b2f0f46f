using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Activities.Checkpoints;

/// <summary>Per-object export checkpoints.</summary>
public interface ICheckpointStore
{
    /// <summary>The object's checkpoint, or an empty one (no high-water mark) when none is stored.</summary>
    /// <exception cref="CheckpointStoreException">The store is missing or a stored value cannot be read.</exception>
    Task<ExportCheckpoint> ReadAsync(string objectName, CancellationToken cancellationToken);

    /// <summary>The stored checkpoints of these objects (missing ones are left out).</summary>
    Task<IReadOnlyList<ExportCheckpoint>> ReadManyAsync(IReadOnlyList<string> objectNames, CancellationToken cancellationToken);

    /// <summary>Creates or replaces the object's checkpoint. A rejected write throws; it is never ignored.</summary>
    /// <exception cref="CheckpointStoreException">Marketo skipped the record.</exception>
    Task WriteAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>Creates (and approves) the store if missing. Returns what was done.</summary>
    Task<string> ProvisionAsync(CancellationToken cancellationToken);
}
