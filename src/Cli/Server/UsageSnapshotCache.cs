using MarketoExport.Activities;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Usage;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Cli.Server;

/// <summary>
/// Reads today's API calls and export bytes from Marketo through the client, reusing them for
/// <see cref="ServerOptions.UsageCacheDuration"/>. A failure is kept as the snapshot's <c>Error</c>, never thrown.
/// </summary>
public sealed class UsageSnapshotCache(ExportRuntime runtime, ServerOptions options, TimeProvider time, ILogger<UsageSnapshotCache> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private UsageSnapshot? _last;

    /// <summary>The cached snapshot, refreshed when older than the cache duration.</summary>
    public async Task<UsageSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            DateTimeOffset now = time.GetUtcNow();
            if (_last is { } cached && now - cached.FetchedAt < options.UsageCacheDuration)
            {
                return cached;
            }

            _last = await ReadAsync(now, cancellationToken);
            return _last;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();

    private async Task<UsageSnapshot> ReadAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        long quota = runtime.Settings.DailyExportQuotaBytes;
        var errors = new List<string>();
        long? calls = null;
        long? bytes = null;
        IMarketoClient marketo = runtime.Services.GetRequiredService<IMarketoClient>();
        try
        {
            IReadOnlyList<ApiUsageDay> usage = await marketo.GetUsageAsync(cancellationToken);
            calls = usage.Sum(d => d.Total);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            errors.Add($"API calls: {ex.Message.ReplaceLineEndings(" ")}");
        }

        try
        {
            var request = new ExportUsageRequest(runtime.Options.Objects, QuotaClock.DayStartUtc(now.UtcDateTime));
            ExportUsage usage = await new GetExportUsageActivity(marketo, ActivityEnvironment.Unknown).RunAsync(request, cancellationToken);
            bytes = usage.BytesUsed;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            errors.Add($"export bytes: {ex.Message.ReplaceLineEndings(" ")}");
        }

        string? error = errors.Count == 0 ? null : string.Join("; ", errors);
        if (error is not null)
        {
            Log.UsageFailed(logger, error);
        }

        return new UsageSnapshot(calls, bytes, quota, error, now);
    }
}
