using System.Globalization;
using System.Text.Json;
using MarketoExport.Marketo.Simulator.CustomObjects;
using MarketoExport.Marketo.Simulator.Data;
using MarketoExport.Marketo.Simulator.Faults;

namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>
/// The bulk export engine: one queue shared by all entities, capacity <see cref="SimulatorOptions.ExportQueueCapacity"/>
/// (Queued + Processing), <see cref="SimulatorOptions.ExportMaxProcessing"/> processing; statuses advance only on ticks.
/// </summary>
internal sealed class ExportEngine : IDisposable
{
    private const long MegaByte = 1024 * 1024;

    private readonly object _sync = new();
    private readonly object _tickGate = new();
    private readonly SimulatorOptions _options;
    private readonly QuotaClock _clock;
    private readonly FaultInjector _faults;
    private readonly SyntheticDataset _data;
    private readonly CustomObjectStore _customObjects;
    private readonly List<ExportJob> _jobs = [];
    private readonly Dictionary<string, ExportJob> _byId = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<DateOnly, long> _bytesByDay = [];
    private readonly List<ExportQueueSample> _timeline = [];
    private int _maxProcessing;
    private int _maxQueuedOrProcessing;
    private ITimer? _timer;

    public ExportEngine(SimulatorOptions options, QuotaClock clock, FaultInjector faults, SyntheticDataset data, CustomObjectStore customObjects)
    {
        _options = options;
        _clock = clock;
        _faults = faults;
        _data = data;
        _customObjects = customObjects;
    }

    public long QuotaBytes => _options.ExportQuotaMb * MegaByte;

    public void Start()
    {
        var period = TimeSpan.FromSeconds(_options.JobTickSeconds);
        _timer = _options.TimeProvider.CreateTimer(_ => Tick(), null, period, period);
    }

    public void Dispose()
    {
        _timer?.Dispose();
        lock (_sync)
        {
            foreach (var job in _jobs)
            {
                job.MeasuringCancellation?.Cancel();
            }
        }
    }

    // ------------------------------------------------------------------ API operations

    public ExportJob Create(string entity, string? apiName, JsonElement body)
    {
        var job = ExportRequestParser.Parse(entity, apiName, body, _options, _data, _customObjects, _clock.Now);
        lock (_sync)
        {
            ThrowIfQuotaUsed();
            job.MoveTo(ExportJob.Created, job.CreatedAt);
            _jobs.Add(job);
            _byId[job.ExportId] = job;
            return job;
        }
    }

    public ExportJob Enqueue(string entity, string? apiName, string exportId)
    {
        lock (_sync)
        {
            var job = Find(entity, apiName, exportId);
            if (job.Status is ExportJob.Queued or ExportJob.Processing)
            {
                throw new ApiErrorException("1029", "Job already queued");
            }

            if (job.Status != ExportJob.Created)
            {
                throw new ApiErrorException("1003", $"Export job '{job.ExportId}' cannot be enqueued: its status is {job.Status}; only Created jobs can be enqueued");
            }

            ThrowIfQuotaUsed();
            if (CountActive() >= _options.ExportQueueCapacity)
            {
                throw new ApiErrorException("1029", "Too many jobs in queue");
            }

            job.QueuedAt = _clock.Now;
            job.MoveTo(ExportJob.Queued, _clock.Now);
            Sample();
            return job;
        }
    }

    public ExportJob Status(string entity, string? apiName, string exportId)
    {
        lock (_sync)
        {
            return Find(entity, apiName, exportId);
        }
    }

    public ExportJob Cancel(string entity, string? apiName, string exportId)
    {
        lock (_sync)
        {
            var job = Find(entity, apiName, exportId);
            if (job.Status is ExportJob.Completed or ExportJob.Failed or ExportJob.Cancelled)
            {
                throw new ApiErrorException("1003", $"Export job '{job.ExportId}' cannot be cancelled: its status is {job.Status}");
            }

            CancelLocked(job);
            return job;
        }
    }

    public IReadOnlyList<ExportJob> List(string entity, string? apiName, IReadOnlySet<string>? statuses)
    {
        lock (_sync)
        {
            var since = _clock.Now - TimeSpan.FromDays(7);
            return [.. _jobs.Where(j => j.Entity == entity
                    && string.Equals(j.ApiName, apiName, StringComparison.OrdinalIgnoreCase)
                    && j.CreatedAt >= since
                    && (statuses is null || statuses.Contains(j.Status)))];
        }
    }

    /// <summary>The file of a Completed, retained job, or null (the caller answers 404).</summary>
    public ExportFile? File(string entity, string? apiName, string exportId, out string reason)
    {
        lock (_sync)
        {
            if (!_byId.TryGetValue(exportId, out var job) || job.Entity != entity || !string.Equals(job.ApiName, apiName, StringComparison.OrdinalIgnoreCase) || Expired(job))
            {
                reason = "Export job not found";
                return null;
            }

            if (job.Status != ExportJob.Completed)
            {
                reason = $"Export job is not completed (status {job.Status})";
                return null;
            }

            if (job.FileMissing || _clock.Now - job.FinishedAt > _options.FileRetention)
            {
                reason = "Export file not found";
                return null;
            }

            reason = string.Empty;
            return job.File;
        }
    }

    // ------------------------------------------------------------------ control

    public IReadOnlyList<ExportJobLogEntry> Log()
    {
        lock (_sync)
        {
            return [.. _jobs.Select(j => j.ToLog())];
        }
    }

    public ExportQueueRecord Queue()
    {
        lock (_sync)
        {
            return new ExportQueueRecord(_maxProcessing, _maxQueuedOrProcessing, [.. _timeline]);
        }
    }

    public long BytesUsedToday()
    {
        lock (_sync)
        {
            return _bytesByDay.GetValueOrDefault(_clock.Today);
        }
    }

    public void ExhaustQuota()
    {
        lock (_sync)
        {
            _bytesByDay[_clock.Today] = Math.Max(_bytesByDay.GetValueOrDefault(_clock.Today), QuotaBytes);
        }
    }

    public void ResetQueueRecord()
    {
        lock (_sync)
        {
            _timeline.Clear();
            _maxProcessing = _jobs.Count(j => j.Status == ExportJob.Processing);
            _maxQueuedOrProcessing = CountActive();
        }
    }

    public bool ForceEnd(string exportId, string status, string? message)
    {
        lock (_sync)
        {
            if (!_byId.TryGetValue(exportId, out var job) || job.Status is ExportJob.Completed or ExportJob.Failed or ExportJob.Cancelled)
            {
                return false;
            }

            if (status == ExportJob.Cancelled)
            {
                CancelLocked(job);
            }
            else
            {
                FailLocked(job, message ?? "Simulated failure");
            }

            return true;
        }
    }

    public bool MarkFileMissing(string exportId)
    {
        lock (_sync)
        {
            if (!_byId.TryGetValue(exportId, out var job))
            {
                return false;
            }

            job.FileMissing = true;
            return true;
        }
    }

    /// <summary>Advances every job by one tick: processing jobs progress or finish, queued jobs start when a slot frees.</summary>
    public void Tick()
    {
        if (!Monitor.TryEnter(_tickGate))
        {
            return; // a long completion is still being measured; skip this tick rather than overlap
        }

        try
        {
            List<ExportJob> finishing;
            lock (_sync)
            {
                finishing = [];
                foreach (var job in _jobs.Where(j => j.Status == ExportJob.Processing))
                {
                    job.TicksDone++;
                    if (job.TicksDone >= job.RequiredTicks)
                    {
                        finishing.Add(job);
                    }
                }
            }

            // Measuring (size + checksum) runs off the request path; wait for it outside the lock.
            foreach (var job in finishing)
            {
                try
                {
                    job.Measuring?.Wait();
                }
                catch (AggregateException)
                {
                    // handled below: a job whose measurement failed ends Failed
                }
            }

            lock (_sync)
            {
                var now = _clock.Now;
                foreach (var job in finishing.Where(j => j.Status == ExportJob.Processing))
                {
                    Finish(job, now);
                }

                foreach (var job in _jobs.Where(j => j.Status == ExportJob.Queued).OrderBy(j => j.QueuedAt).ToList())
                {
                    if (_jobs.Count(j => j.Status == ExportJob.Processing) >= _options.ExportMaxProcessing)
                    {
                        break;
                    }

                    StartProcessing(job, now);
                }

                Sample();
            }
        }
        finally
        {
            Monitor.Exit(_tickGate);
        }
    }

    // ------------------------------------------------------------------ internals

    private void StartProcessing(ExportJob job, DateTimeOffset now)
    {
        job.StartedAt = now;
        job.MoveTo(ExportJob.Processing, now);
        var source = job.SourceFactory();
        var delimiter = job.Format switch { "TSV" => '\t', "SSV" => ';', _ => ',' };
        var file = new ExportFile(source, job.Header, delimiter);
        job.File = file;
        job.MeasuringCancellation = new CancellationTokenSource();
        var token = job.MeasuringCancellation.Token;
        job.Measuring = Task.Run(() => file.Measure(token), token);
        var extra = _options.RecordsPerExtraTick > 0 ? (int)Math.Min(int.MaxValue / 2, source.EstimatedRows / _options.RecordsPerExtraTick) : 0;
        var slow = _faults.Take("/export/" + job.ExportId, f => f.ExportId is null || f.ExportId == job.ExportId, SimulatorFaultKind.SlowQueue);
        job.RequiredTicks = Math.Max(1, _options.JobProcessingTicks) + extra + (slow?.ExtraTicks ?? 0);
    }

    private void Finish(ExportJob job, DateTimeOffset now)
    {
        var path = "/export/" + job.ExportId;
        bool Targets(SimulatorFault f) => f.ExportId is null || string.Equals(f.ExportId, job.ExportId, StringComparison.OrdinalIgnoreCase);
        if (_faults.Take(path, Targets, SimulatorFaultKind.CancelJob) is not null)
        {
            CancelLocked(job);
            return;
        }

        if (_faults.Take(path, Targets, SimulatorFaultKind.FailJob) is { } fail)
        {
            FailLocked(job, fail.Message ?? "Simulated failure");
            return;
        }

        if (job.Measuring is not { IsCompletedSuccessfully: true } || job.File is null)
        {
            FailLocked(job, "Export file could not be generated");
            return;
        }

        job.NumberOfRecords = job.File.Records;
        job.FileSize = job.File.Size;
        var checksum = job.File.Sha256Hex;
        if (_faults.Take(path, Targets, SimulatorFaultKind.WrongChecksum) is not null)
        {
            checksum = new string([.. checksum.Select(c => c == '0' ? '1' : '0')]);
        }

        job.FileChecksum = "sha256:" + checksum;
        job.FinishedAt = now;
        job.EndedAt = now;
        job.MoveTo(ExportJob.Completed, now);
        var day = _clock.DayOf(now);
        _bytesByDay[day] = _bytesByDay.GetValueOrDefault(day) + job.File.Size;
        if (_faults.Take(path, Targets, SimulatorFaultKind.FileMissing) is not null)
        {
            job.FileMissing = true;
        }
    }

    private void FailLocked(ExportJob job, string message)
    {
        var now = _clock.Now;
        job.MeasuringCancellation?.Cancel();
        job.ErrorMsg = message;
        job.FinishedAt = now;
        job.EndedAt = now;
        job.MoveTo(ExportJob.Failed, now);
        Sample();
    }

    private void CancelLocked(ExportJob job)
    {
        var now = _clock.Now;
        job.MeasuringCancellation?.Cancel();
        job.EndedAt = now;
        job.MoveTo(ExportJob.Cancelled, now);
        Sample();
    }

    private ExportJob Find(string entity, string? apiName, string exportId)
    {
        if (!_byId.TryGetValue(exportId, out var job) || job.Entity != entity
            || !string.Equals(job.ApiName, apiName, StringComparison.OrdinalIgnoreCase) || Expired(job))
        {
            throw new ApiErrorException("1003", $"Export job '{exportId}' not found");
        }

        return job;
    }

    private bool Expired(ExportJob job) => job.EndedAt is { } ended && _clock.Now - ended > _options.StatusRetention;

    private int CountActive() => _jobs.Count(j => j.Status is ExportJob.Queued or ExportJob.Processing);

    private void ThrowIfQuotaUsed()
    {
        if (_bytesByDay.GetValueOrDefault(_clock.Today) >= QuotaBytes)
        {
            throw new ApiErrorException("1029", string.Create(CultureInfo.InvariantCulture, $"Export daily quota {_options.ExportQuotaMb}MB exceeded."));
        }
    }

    private void Sample()
    {
        var queued = _jobs.Count(j => j.Status == ExportJob.Queued);
        var processing = _jobs.Count(j => j.Status == ExportJob.Processing);
        _maxProcessing = Math.Max(_maxProcessing, processing);
        _maxQueuedOrProcessing = Math.Max(_maxQueuedOrProcessing, queued + processing);
        if (_timeline.Count == 0 || _timeline[^1].Queued != queued || _timeline[^1].Processing != processing)
        {
            _timeline.Add(new ExportQueueSample(_clock.Now, queued, processing));
        }
    }
}
