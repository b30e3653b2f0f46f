using System.Buffers;
using System.Globalization;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
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
/// <para>
/// Resumable across executions: what an execution landed before it was stopped (host shutdown, a killed process, its
/// <see cref="ExportActivityOptions.MaxDownloadExecutionTime"/>) stays in the sink under the export's
/// <see cref="LandingResumeKey"/>, and the next execution continues from there. One execution never streams longer
/// than that budget: it stops with a <see cref="DownloadBudgetExceededException"/>, which is retried.
/// </para>
/// </summary>
public sealed class DownloadExportFileActivity(
    IMarketoClient marketo,
    ILandingSink sink,
    IOptions<ExportActivityOptions> options,
    TimeProvider timeProvider,
    ILogger<DownloadExportFileActivity> logger,
    IActivityEnvironment environment,
    IDownloadProgress? progress = null) : TaskActivity<DownloadExportFileRequest, LandedFile>
{
    private const int BufferSize = 81920;

    /// <summary>How often a streaming download reports its progress.</summary>
    public static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    private readonly IDownloadProgress _progress = progress ?? NoDownloadProgress.Instance;

    /// <inheritdoc />
    public override Task<LandedFile> RunAsync(TaskActivityContext context, DownloadExportFileRequest input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    public async Task<LandedFile> RunAsync(DownloadExportFileRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ExportJobState job = input.Job;
        string name = LandingNames.For(input.Object, input.Window, input.Folder);
        string? expectedSha = NormalizeChecksum(job.FileChecksum);

        if (expectedSha is not null && await sink.GetSha256Async(name, cancellationToken).ConfigureAwait(false) == expectedSha)
        {
            // Landed by an earlier attempt whose completion was lost: make sure the manifest says so, change nothing else.
            long records = job.NumberOfRecords ?? 0;
            long bytes = job.FileSize ?? 0;
            await sink.AppendManifestAsync(Entry(input, name, records, bytes, expectedSha), cancellationToken).ConfigureAwait(false);
            return new LandedFile(name, records, bytes, expectedSha, AlreadyLanded: true);
        }

        ILandingUpload upload = await TransferAsync(input, name, cancellationToken).ConfigureAwait(false);
        await using (upload.ConfigureAwait(false))
        {
            string actualSha = upload.GetSha256();
            string? problem =
                job.FileSize is { } size && size != upload.Length ? $"size {upload.Length} bytes, status says {size}"
                : expectedSha is null ? "the job status carries no fileChecksum"
                : actualSha != expectedSha ? $"sha256 {actualSha}, status says {expectedSha}"
                : job.NumberOfRecords is { } n && n != upload.Records ? $"{upload.Records} records, status says {n}"
                : null;
            if (problem is not null)
            {
                // Nothing lands, and nothing is kept for a resume: these bytes are wrong.
                await upload.DiscardAsync(cancellationToken).ConfigureAwait(false);
                throw new ExportFileVerificationException(
                    $"{input.Object.Name} export {job.ExportId} for {input.Window} failed verification ({problem}); the file was discarded.");
            }

            long landedRecords = upload.Records;
            long landedBytes = upload.Length;
            await upload.CommitAsync(cancellationToken).ConfigureAwait(false);
            await sink.AppendManifestAsync(Entry(input, name, landedRecords, landedBytes, actualSha), cancellationToken).ConfigureAwait(false);
            return new LandedFile(name, landedRecords, landedBytes, actualSha);
        }
    }

    /// <summary>
    /// Opens (or resumes) the upload and streams the rest of the file into it within this execution's budget. Returns
    /// the upload holding the whole file, not yet verified; on failure the upload is disposed, which keeps what landed.
    /// </summary>
    private async Task<ILandingUpload> TransferAsync(DownloadExportFileRequest input, string name, CancellationToken stopping)
    {
        ExportJobState job = input.Job;
        TimeSpan budget = options.Value.MaxDownloadExecutionTime;
        using var budgetReached = new CancellationTokenSource(budget, timeProvider);
        using var transfer = CancellationTokenSource.CreateLinkedTokenSource(stopping, budgetReached.Token);
        ILandingUpload? upload = null;
        try
        {
            upload = await sink.BeginAsync(name, new LandingResumeKey(job.ExportId, job.FileSize, job.FileChecksum), transfer.Token).ConfigureAwait(false);
            if (upload.DiscardedPartial is { } why)
            {
                Log.PartialDiscarded(logger, input.Object.Name, name, why);
            }

            if (upload.ResumedFrom > 0)
            {
                Log.DownloadResumed(logger, input.Object.Name, job.ExportId, upload.ResumedFrom, job.FileSize);
            }

            await CopyWithResumeAsync(ExportObjectMapping.ToEntity(input.Object), input, upload, transfer.Token).ConfigureAwait(false);
            return upload;
        }
        catch (Exception ex) when (budgetReached.IsCancellationRequested && !stopping.IsCancellationRequested && IsInterruption(ex))
        {
            // Without the cancellation as inner exception: the budget is the whole cause, and an inner chain down to a
            // SocketException makes the SDK's TaskFailureDetails.IsCausedBy throw AmbiguousMatchException (the type is
            // found twice, through a type forward), which would break the orchestrator's retry decision.
            long landed = upload?.Length ?? 0;
            if (upload is not null)
            {
                await upload.DisposeAsync().ConfigureAwait(false);
            }

            Log.DownloadBudgetReached(logger, input.Object.Name, job.ExportId, budget, landed);
            throw new DownloadBudgetExceededException(
                $"{input.Object.Name} export {job.ExportId}: this execution reached its download budget of {budget} "
                + $"(Export:MaxDownloadExecutionTime) at byte {landed} of {job.FileSize?.ToString(CultureInfo.InvariantCulture) ?? "?"}; "
                + "the landed bytes are kept and the next attempt resumes from them.");
        }
        catch
        {
            if (upload is not null)
            {
                await upload.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    private async Task CopyWithResumeAsync(ExportEntity entity, DownloadExportFileRequest input, ILandingUpload upload, CancellationToken cancellationToken)
    {
        int resumes = 0;
        byte[] buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        DateTimeOffset started = timeProvider.GetUtcNow();
        DateTimeOffset lastReport = started;
        long resumedFrom = upload.Length;
        void Report(long? total, bool finished)
        {
            DateTimeOffset now = timeProvider.GetUtcNow();
            lastReport = now;
            _progress.Report(new DownloadProgress(input.Object.Name, input.Job.ExportId, upload.Length, total, resumedFrom, started, now, finished));
        }

        Report(input.Job.FileSize, finished: false);
        try
        {
            while (true)
            {
                long offset = upload.Length;
                long? total = input.Job.FileSize;
                if (total is { } t && offset >= t && offset > 0)
                {
                    Report(total, finished: true);
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
                            if (timeProvider.GetUtcNow() - lastReport >= ProgressInterval)
                            {
                                Report(total, finished: false);
                            }
                        }
                    }

                    if (total is null || upload.Length >= total)
                    {
                        Report(total ?? upload.Length, finished: true);
                        return;
                    }

                    // The stream ended early without an error: treat it as a cut.
                    Log.DownloadCut(logger, input.Object.Name, input.Job.ExportId, upload.Length, "stream ended before the file size");
                }
                catch (MarketoHttpException ex) when (ex.StatusCode == 404)
                {
                    // The landed bytes can never be completed: drop them with the job.
                    await upload.DiscardAsync(cancellationToken).ConfigureAwait(false);
                    throw new ExportFileMissingException(
                        $"{input.Object.Name} export {input.Job.ExportId} is Completed but its file is gone (HTTP 404); the window is exported again.", ex);
                }
                catch (MarketoHttpException ex) when (offset > 0 && ex.StatusCode is (>= 200 and < 300) or 416)
                {
                    // Not a 206 from the offset asked for (the client checks Content-Range), or the range is beyond the
                    // file: the landed bytes cannot be continued, so start over (the SHA-256 check covers the result).
                    Log.ResumeRefused(logger, input.Object.Name, input.Job.ExportId, offset, ex.Message);
                    await upload.DiscardAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or HttpRequestException or MarketoUnreachableException && !cancellationToken.IsCancellationRequested)
                {
                    Log.DownloadCut(logger, input.Object.Name, input.Job.ExportId, upload.Length, ex.Message);
                }

                if (++resumes > options.Value.MaxDownloadResumes)
                {
                    throw new IOException(
                        $"{input.Object.Name} export {input.Job.ExportId}: download cut {resumes} times (reached byte {upload.Length}); "
                        + "giving up this attempt (the landed bytes are kept for the next one).");
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static bool IsInterruption(Exception ex)
        => ex is OperationCanceledException or IOException or HttpRequestException or MarketoUnreachableException or TimeoutException;

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
