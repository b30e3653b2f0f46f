namespace MarketoExport.Cli;

/// <summary>
/// Checks the landing folder (<c>--out</c>) and the state file (<c>--state</c>) before anything starts (no simulator,
/// no Marketo call, no export job): each must be on a real file system, not a file where a folder is needed (or the
/// reverse), and writable. Nothing is created; writability is probed with a temporary file in the nearest folder that
/// exists, removed at once.
/// </summary>
public static class LocalPaths
{
    // Kernel pseudo file systems: nothing written there is a file, and a path under them is always a mistake.
    private static readonly string[] Virtual = ["/proc", "/sys", "/dev"];

    /// <summary>Checks the landing folder.</summary>
    /// <exception cref="CliOptionException">The folder cannot hold the landed files; the message says why and the fix.</exception>
    public static void CheckFolder(string path, string name, string workingDirectory)
    {
        string full = Full(path, name, workingDirectory);
        RefuseVirtual(full, path, name, "a folder on a disk, e.g. ./landing");
        if (File.Exists(full))
        {
            throw new CliOptionException($"{name}: '{path}' is a file; give a folder for the landed files, e.g. ./landing.");
        }

        ProbeWritable(Directory.Exists(full) ? full : NearestExisting(full, path, name), path, name);
    }

    /// <summary>Checks the state file's location.</summary>
    /// <exception cref="CliOptionException">The state file cannot be kept there; the message says why and the fix.</exception>
    public static void CheckFile(string path, string name, string workingDirectory)
    {
        string full = Full(path, name, workingDirectory);
        RefuseVirtual(full, path, name, "a file on a disk, e.g. ./state/export.db");
        if (Directory.Exists(full))
        {
            throw new CliOptionException($"{name}: '{path}' is a folder; give a file path such as ./state/export.db.");
        }

        string folder = Path.GetDirectoryName(full) ?? full;
        ProbeWritable(Directory.Exists(folder) ? folder : NearestExisting(folder, path, name), path, name);
    }

    private static string Full(string path, string name, string workingDirectory)
    {
        try
        {
            return Path.GetFullPath(path, workingDirectory);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new CliOptionException($"{name}: '{path}' is not a valid path ({ex.Message}).", ex);
        }
    }

    private static void RefuseVirtual(string full, string path, string name, string example)
    {
        foreach (string root in Virtual)
        {
            if (full == root || full.StartsWith(root + "/", StringComparison.Ordinal))
            {
                throw new CliOptionException($"{name}: '{path}' is under {root}, a kernel pseudo file system where nothing can be kept; give {example}.");
            }
        }
    }

    /// <summary>The nearest ancestor that exists: it must be a folder, since everything below it will be created.</summary>
    private static string NearestExisting(string full, string path, string name)
    {
        for (string? dir = Path.GetDirectoryName(full); dir is not null; dir = Path.GetDirectoryName(dir))
        {
            if (Directory.Exists(dir))
            {
                return dir;
            }

            if (File.Exists(dir))
            {
                throw new CliOptionException($"{name}: '{path}' goes through '{dir}', which is a file; give a path whose folders are folders.");
            }
        }

        throw new CliOptionException($"{name}: no folder of '{path}' exists; give a path on a mounted disk.");
    }

    private static void ProbeWritable(string folder, string path, string name)
    {
        string probe = Path.Combine(folder, $".marketo-export-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
            {
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliOptionException(
                $"{name}: '{path}' cannot be written ({folder}: {ex.Message}); give a location you can write to, or fix its permissions.", ex);
        }
        finally
        {
            try
            {
                File.Delete(probe);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // DeleteOnClose removed it; nothing else to do.
            }
        }
    }
}
