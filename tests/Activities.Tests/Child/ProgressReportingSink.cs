using MarketoExport.Activities.Landing;

namespace MarketoExport.Activities.Tests.Child;

/// <summary>A sink that reports on <paramref name="output"/> what its uploads landed, line by line, for a parent process to wait on.</summary>
internal sealed class ProgressReportingSink(ILandingSink inner, TextWriter output) : ILandingSink
{
    public Task<string?> GetSha256Async(string name, CancellationToken cancellationToken) => inner.GetSha256Async(name, cancellationToken);

    public async Task<ILandingUpload> BeginAsync(string name, LandingResumeKey resumeKey, CancellationToken cancellationToken)
    {
        ILandingUpload upload = await inner.BeginAsync(name, resumeKey, cancellationToken);
        await output.WriteLineAsync("begin " + upload.ResumedFrom);
        await output.FlushAsync(cancellationToken);
        return new Upload(upload, output);
    }

    public Task AppendManifestAsync(ManifestEntry entry, CancellationToken cancellationToken) => inner.AppendManifestAsync(entry, cancellationToken);

    public Task<IReadOnlyList<ManifestEntry>> ReadManifestAsync(CancellationToken cancellationToken) => inner.ReadManifestAsync(cancellationToken);

    private sealed class Upload(ILandingUpload inner, TextWriter output) : ILandingUpload
    {
        public string Name => inner.Name;

        public long Length => inner.Length;

        public long ResumedFrom => inner.ResumedFrom;

        public string? DiscardedPartial => inner.DiscardedPartial;

        public long Records => inner.Records;

        public string GetSha256() => inner.GetSha256();

        public async ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            await inner.WriteAsync(data, cancellationToken);
            await output.WriteLineAsync("written " + inner.Length);
            await output.FlushAsync(cancellationToken);
        }

        public Task CommitAsync(CancellationToken cancellationToken) => inner.CommitAsync(cancellationToken);

        public Task DiscardAsync(CancellationToken cancellationToken) => inner.DiscardAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
