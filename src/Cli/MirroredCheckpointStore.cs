using System.Text.Json;
using MarketoExport.Activities.Checkpoints;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Cli;

/// <summary>
/// Simulator mode only. The in-process simulator is in-memory and every <c>run</c> starts a fresh one, so its
/// checkpoint custom object would be empty each time. This decorator keeps a copy of every successful checkpoint
/// write in a JSON file next to the engine database, and <see cref="SeedAsync"/> writes that copy back into a fresh
/// simulator (through the real custom-object API) before the run. Against a real Marketo it is not used: the custom
/// object is the only checkpoint.
/// </summary>
public sealed class MirroredCheckpointStore(ICheckpointStore inner, string mirrorPath) : ICheckpointStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };
    private static readonly SemaphoreSlim Gate = new(1, 1);

    /// <summary>The mirror file.</summary>
    public string MirrorPath => mirrorPath;

    /// <inheritdoc />
    public Task<ExportCheckpoint> ReadAsync(string objectName, CancellationToken cancellationToken) => inner.ReadAsync(objectName, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportCheckpoint>> ReadManyAsync(IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
        => inner.ReadManyAsync(objectNames, cancellationToken);

    /// <inheritdoc />
    public async Task WriteAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        await inner.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            Dictionary<string, ExportCheckpoint> all = Load();
            all[checkpoint.ObjectName] = checkpoint;
            string temp = mirrorPath + ".tmp";
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(mirrorPath))!);
            await File.WriteAllTextAsync(temp, JsonSerializer.Serialize(all.Values.OrderBy(c => c.ObjectName, StringComparer.Ordinal).ToList(), Json), cancellationToken)
                .ConfigureAwait(false);
            File.Move(temp, mirrorPath, overwrite: true);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <inheritdoc />
    public Task<string> ProvisionAsync(CancellationToken cancellationToken) => inner.ProvisionAsync(cancellationToken);

    /// <summary>Provisions the custom object and writes the mirrored checkpoints into it. Returns how many.</summary>
    public async Task<int> SeedAsync(CancellationToken cancellationToken)
    {
        await inner.ProvisionAsync(cancellationToken).ConfigureAwait(false);
        Dictionary<string, ExportCheckpoint> all = Load();
        foreach (ExportCheckpoint checkpoint in all.Values)
        {
            await inner.WriteAsync(checkpoint, cancellationToken).ConfigureAwait(false);
        }

        return all.Count;
    }

    private Dictionary<string, ExportCheckpoint> Load()
    {
        if (!File.Exists(mirrorPath))
        {
            return new(StringComparer.Ordinal);
        }

        List<ExportCheckpoint> list = JsonSerializer.Deserialize<List<ExportCheckpoint>>(File.ReadAllText(mirrorPath), Json) ?? [];
        return list.ToDictionary(c => c.ObjectName, StringComparer.Ordinal);
    }
}
