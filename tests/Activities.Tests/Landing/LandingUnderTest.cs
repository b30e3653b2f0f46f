using Azure;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using MarketoExport.Activities.Landing;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Activities.Tests.Landing;

/// <summary>
/// One of the two sinks for a resume test: the simulator fixture's folder, or a fresh Azurite container with
/// <see cref="BlockSize"/> blocks; and what a test asks of either: how many bytes a partial holds, the landed bytes, and
/// the arguments that give a child process the same sink.
/// </summary>
internal sealed class LandingUnderTest
{
    /// <summary>The smallest block the blob sink takes, so a file of a few hundred KB spans several blocks.</summary>
    public const int BlockSize = 64 * 1024;

    private readonly AzuriteFixture _azurite;
    private readonly string _container = "t" + Guid.NewGuid().ToString("N");

    public LandingUnderTest(LandingKind kind, AzuriteFixture azurite)
    {
        Kind = kind;
        _azurite = azurite;
    }

    public LandingKind Kind { get; }

    /// <summary>For <see cref="SimulatorFixture.StartAsync"/>: the blob sink replaces the fixture's folder sink.</summary>
    public void Register(IServiceCollection services)
    {
        if (Kind == LandingKind.Blob)
        {
            services.AddSingleton<ILandingSink>(new BlobStorageSink(_azurite.NewContainerClient(_container), blockSize: BlockSize));
        }
    }

    /// <summary>What survives of <paramref name="written"/> bytes when the writer dies: all of them in a folder, whole blocks in a container.</summary>
    public long Survives(long written) => Kind == LandingKind.Folder ? written : written / BlockSize * BlockSize;

    /// <summary>Bytes the partial of <paramref name="name"/> for <paramref name="key"/> holds (0: none).</summary>
    public async Task<long> PartialBytesAsync(SimulatorFixture sim, string name, LandingResumeKey key)
    {
        if (Kind == LandingKind.Folder)
        {
            var file = new FileInfo(((LocalFolderSink)sim.Sink).PartialPath(name, key));
            return file.Exists ? file.Length : 0;
        }

        return (await UncommittedAsync(name)).Sum(b => b.SizeLong);
    }

    /// <summary>Partials of any kind left anywhere: temporary files, or uncommitted blocks of <paramref name="name"/>.</summary>
    public async Task<int> LeftoversAsync(SimulatorFixture sim, string name)
        => Kind == LandingKind.Folder
            ? sim.Landed.Files().Count(f => f.EndsWith(".partial", StringComparison.Ordinal))
            : (await UncommittedAsync(name)).Count;

    /// <summary>The landed file's bytes.</summary>
    public async Task<byte[]> LandedAsync(SimulatorFixture sim, string name) => Kind == LandingKind.Folder
        ? await File.ReadAllBytesAsync(Path.Combine(sim.Landing, name))
        : (await _azurite.NewContainerClient(_container).GetBlobClient(name).DownloadContentAsync()).Value.Content.ToArray();

    /// <summary>The child process's arguments for this sink (see <c>Child/DownloadChild</c>).</summary>
    public IEnumerable<string> ChildArguments(SimulatorFixture sim) => Kind == LandingKind.Folder
        ? ["--sink=folder", "--folder=" + sim.Landing]
        : ["--sink=blob", "--connection-string=" + _azurite.ConnectionString, "--container=" + _container, "--block-size=" + BlockSize];

    private async Task<IReadOnlyList<BlobBlock>> UncommittedAsync(string name)
    {
        BlockBlobClient blob = _azurite.NewContainerClient(_container).GetBlockBlobClient(name);
        try
        {
            return [.. (await blob.GetBlockListAsync(BlockListTypes.Uncommitted)).Value.UncommittedBlocks];
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return [];
        }
    }
}
