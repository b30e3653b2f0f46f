using System.Buffers;
using System.Security.Cryptography;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// Streams a Completed job's file into the landing sink under a temporary name, resuming with a Range request from
/// the byte reached when the connection is cut, verifies size, SHA-256 and record count against the job's status,
/// then commits it atomically and appends a manifest line. A mismatch lands nothing and throws
/// <see cref="ExportFileVerificationException"/>; a file that is gone throws <see cref="ExportFileMissingException"/>.
/// Idempotent: an identical file already landed is reported as such.
/// </summary>
public sealed class DownloadExportFileActivity(
    IMarketoClient marketo,
    ILandingSink sink,
    IOptions<ExportActivityOptions> options,
    TimeProvider timeProvider,
    ILogger<DownloadExportFileActivity> logger,
    IActivityEnvironment environment) : TaskActivity<DownloadExportFileRequest, LandedFile>
{
    private const int BufferSize = 81920;

    /// <inheritdoc />
    public override Task<LandedFile> RunAsync(TaskActivityContext context, DownloadExportFileRequest input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<LandedFile> RunAsync(DownloadExportFileRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ExportJobState job = input.Job;
        string name = LandingNames.For(input.Object, input.Window);
        string? expectedSha = NormalizeChecksum(job.FileChecksum);

        if (expectedSha is not null && await sink.GetSha256Async(name, cancellationToken).ConfigureAwait(false) == expectedSha)
        {
            // Landed by an earlier attempt whose completion was lost: make sure the manifest says so, change nothing else.
            long records = job.NumberOfRecords ?? 0;
            long bytes = job.FileSize ?? 0;
            await sink.AppendManifestAsync(Entry(input, name, records, bytes, expectedSha), cancellationToken).ConfigureAwait(false);
            return new LandedFile(name, records, bytes, expectedSha, AlreadyLanded: true);
        }

        ExportEntity entity = ExportObjectMapping.ToEntity(input.Object);
        ILandingUpload upload = await sink.BeginAsync(name, cancellationToken).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            var counter = new CsvRecordCounter();
            await CopyWithResumeAsync(entity, input, upload, hash, counter, cancellationToken).ConfigureAwait(false);

            string actualSha = Convert.ToHexStringLower(hash.GetHashAndReset());
            string? problem =
                job.FileSize is { } size && size != upload.Length ? $"size {upload.Length} bytes, status says {size}"
                : expectedSha is null ? "the job status carries no fileChecksum"
                : actualSha != expectedSha ? $"sha256 {actualSha}, status says {expectedSha}"
                : job.NumberOfRecords is { } n && n != counter.DataRecords ? $"{counter.DataRecords} records, status says {n}"
                : null;
            if (problem is not null)
            {
                // Disposing the upload without commit deletes the temporary file: nothing lands.
                throw new ExportFileVerificationException(
                    $"{input.Object.Name} export {job.ExportId} for {input.Window} failed verification ({problem}); the file was discarded.");
            }

            await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
            await sink.AppendManifestAsync(Entry(input, name, counter.DataRecords, upload.Length, actualSha), cancellationToken).ConfigureAwait(false);
            return new LandedFile(name, counter.DataRecords, upload.Length, actualSha);
        }
    }

    private async Task CopyWithResumeAsync(
        ExportEntity entity, DownloadExportFileRequest input, ILandingUpload upload, IncrementalHash hash, CsvRecordCounter counter, CancellationToken cancellationToken)
    {
        int resumes = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                long offset = upload.Length;
                long? total = input.Job.FileSize;
                if (total is { } t && offset >= t && offset > 0)
                {
                    return;
                }

                try
                {
                    ExportFileStream file = await marketo.OpenExportFileAsync(entity, input.Job.ExportId, offset, cancellationToken).ConfigureAwait(false);
                    await using (file.ConfigureAwait(false))
                    {
                        total ??= file.TotalLength;
                        int n;
                        while ((n = await file.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
                        {
                            await upload.WriteAsync(buffer.AsMemory(0, n), cancellationToken).ConfigureAwait(false);
                            hash.AppendData(buffer, 0, n);
                            counter.Append(buffer.AsSpan(0, n));
                        }
                    }

                    if (total is null || upload.Length >= total)
                    {
                        return;
                    }

                    // The stream ended early without an error: treat it as a cut.
                    Log.DownloadCut(logger, input.Object.Name, input.Job.ExportId, upload.Length, "stream ended before the file size");
                }
                catch (MarketoHttpException ex) when (ex.StatusCode == 404)
                {
                    throw new ExportFileMissingException(
                        $"{input.Object.Name} export {input.Job.ExportId} is Completed but its file is gone (HTTP 404); the window is exported again.", ex);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or MarketoUnreachableException && !cancellationToken.IsCancellationRequested)
                {
                    Log.DownloadCut(logger, input.Object.Name, input.Job.ExportId, upload.Length, ex.Message);
                }

                if (++resumes > options.Value.MaxDownloadResumes)
                {
                    throw new IOException(
                        $"{input.Object.Name} export {input.Job.ExportId}: download cut {resumes} times (reached byte {upload.Length}); giving up this attempt.");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private ManifestEntry Entry(DownloadExportFileRequest input, string name, long records, long bytes, string sha)
        => new(input.Object.Name, input.Window.Start, input.Window.End, input.Job.ExportId, name, records, bytes, sha, timeProvider.GetUtcNow());

    private static string? NormalizeChecksum(string? checksum)
    {
        if (string.IsNullOrWhiteSpace(checksum))
        {
            return null;
        }

        string value = checksum.Trim();
        return (value.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? value[7..] : value).ToLowerInvariant();
    }
}
