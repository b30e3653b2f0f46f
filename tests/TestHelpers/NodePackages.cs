using System.Security.Cryptography;

namespace MarketoExport.TestHelpers;

/// <summary>
/// The npm packages a test runs (Azurite, a third-party Marketo client), installed with <c>npm ci</c> from a folder that
/// pins them (<c>package.json</c> + <c>package-lock.json</c>, checked in). The install goes to a cache folder named after
/// the lock files' content, <c>artifacts/node/{folder}-{hash}</c>: installed once per pin, never into the checked-in
/// folder. Several test assemblies may ask at the same time: each runs <c>npm ci</c> in a staging folder of its own and
/// renames it into place, an atomic step, so the first to finish wins, the others use its install, and no process ever
/// sees a half-written one.
/// </summary>
public static class NodePackages
{
    private static readonly TimeSpan NpmTimeout = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Installs the packages <paramref name="pinFolder"/> pins unless that pin's install is there already; returns the
    /// folder holding its <c>node_modules</c>.
    /// </summary>
    /// <param name="pinFolder">A folder with <c>package.json</c> and <c>package-lock.json</c>.</param>
    public static async Task<string> InstallAsync(string pinFolder)
    {
        string[] pins = [Path.Combine(pinFolder, "package.json"), Path.Combine(pinFolder, "package-lock.json")];
        foreach (string pin in pins.Where(p => !File.Exists(p)))
        {
            throw new InvalidOperationException($"{pin} is missing: the npm packages a test runs are pinned by package.json and package-lock.json.");
        }

        string cache = RepositoryFiles.Path("artifacts/node");
        string target = Path.Combine(cache, $"{Path.GetFileName(Path.TrimEndingDirectorySeparator(pinFolder))}-{await HashAsync(pins)}");
        if (Directory.Exists(target))
        {
            return target;
        }

        string staging = Path.Combine(cache, $".staging-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            foreach (string pin in pins)
            {
                File.Copy(pin, Path.Combine(staging, Path.GetFileName(pin)));
            }

            using ChildProcess npm = ChildProcess.Start("npm", ["ci", "--no-audit", "--no-fund"], staging, name: "npm ci");
            int exit = await npm.WaitForExitAsync(NpmTimeout);
            if (exit != 0)
            {
                throw new InvalidOperationException($"npm ci for {pinFolder} failed with exit code {exit}; Node.js (20+) and npm must be installed and the npm registry reachable:\n{npm.Output}");
            }

            try
            {
                Directory.Move(staging, target);
            }
            catch (IOException) when (Directory.Exists(target))
            {
                // Another test assembly installed the same pin first: use its install.
            }

            return target;
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    private static async Task<string> HashAsync(IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            sha.AppendData(await File.ReadAllBytesAsync(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}
