using System.Text;
using MarketoExport.Activities.Landing;

namespace MarketoExport.TestHelpers;

/// <summary>A landing folder as a test reads it after a run: its files, its manifest, and the records of its CSV files.</summary>
/// <param name="path">The folder (it need not exist yet).</param>
public sealed class LandingFolder(string path)
{
    /// <summary>The folder.</summary>
    public string Path { get; } = path;

    /// <summary>Every file below the folder (temporary ones included), relative with forward slashes, in ordinal order; none when it does not exist.</summary>
    public IReadOnlyList<string> Files() => Directory.Exists(Path)
        ? Directory.EnumerateFiles(Path, "*", SearchOption.AllDirectories)
            .Select(f => System.IO.Path.GetRelativePath(Path, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList()
        : [];

    /// <summary>The manifest's lines, read by the sink that writes them.</summary>
    public IReadOnlyList<ManifestEntry> Manifest()
    {
        using var sink = new LocalFolderSink(Path);
        return sink.ReadManifestAsync(default).GetAwaiter().GetResult();
    }

    /// <summary>The bytes of the landed <paramref name="file"/> (relative to the folder).</summary>
    public byte[] Bytes(string file) => File.ReadAllBytes(System.IO.Path.Combine(Path, file));

    /// <summary>The UTF-8 text of the landed <paramref name="file"/> (relative to the folder).</summary>
    public string Read(string file) => File.ReadAllText(System.IO.Path.Combine(Path, file), Encoding.UTF8);

    /// <summary>The values of <paramref name="column"/> in every record of the landed CSV <paramref name="file"/> (<see cref="Rfc4180"/>).</summary>
    public List<string> Column(string file, string column) => Rfc4180.Column(Read(file), column);

    /// <summary>The first field (the record id) of every record of the landed CSV <paramref name="file"/> (<see cref="Rfc4180"/>).</summary>
    public List<string> FirstColumn(string file) => Rfc4180.FirstColumn(Read(file));
}
