using MarketoExport.Marketo.Errors;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Orchestrations.Export;

/// <summary>The state and steps of one <see cref="ObjectExportOrchestrator"/> execution (deterministic; context only).</summary>
internal sealed class ObjectExportFlow
{
    private readonly TaskOrchestrationContext _ctx;
    private readonly ObjectExportRequest _request;
    private ExportObject _object;
    private readonly ExportSettings _settings;
    private readonly ILogger _log;
    private readonly TaskOptions _marketoCall;
    private readonly List<string> _files = [];

    private ExportCheckpoint _checkpoint;
    private DateFilterField _filterField;
    private int _windowIndex;
    private int _windowCount;
    private ExportWindow? _window;
    private string? _exportId;
    private int _windows;
    private long _records;
    private long _bytes;
    private long _lastFileBytes;
    private int _quotaWaits;
    private (TimeSpan Duration, TimeSpan WindowSpan)? _previousJob;
    private bool _pendingMarkWritten;
    private long? _usageAtCheck;
    private DateTime _usageDay;
    private long _bytesSinceUsageCheck;
    private string? _note;
    private string? _waitNote;
    private string? _stopReason;
    private DateTime? _resumesAt;

    public ObjectExportFlow(TaskOrchestrationContext context, ObjectExportRequest request)
    {
        _ctx = context;
        _request = request;
        _object = request.Object;
        _settings = request.Settings ?? new ExportSettings();
        _log = context.CreateReplaySafeLogger<ObjectExportOrchestrator>();
        _checkpoint = new ExportCheckpoint(request.CheckpointKey);
        _filterField = _object.Kind == ExportObjectKind.Activities ? DateFilterField.CreatedAt : DateFilterField.UpdatedAt;
        _marketoCall = TaskOptions.FromRetryPolicy(MarketoCallRetry(_settings));
    }

    private DateTime Now => _ctx.CurrentUtcDateTime;

    public async Task<ObjectExportResult> RunAsync()
    {
        Report(ObjectExportPhase.ReadingCheckpoint);
        _checkpoint = await _ctx.CallActivityAsync<ExportCheckpoint>(ActivityNames.ReadCheckpoint, _request.CheckpointKey, _marketoCall)
            ?? new ExportCheckpoint(_request.CheckpointKey);

        List<ExportWindow> windows = PlanWindows();
        _windowCount = windows.Count;
        if (windows.Count > 0)
        {
            Log.Planned(_log, _object.Name, windows.Count, windows[0].Start, windows[^1].End);
        }

        for (int i = 0; i < windows.Count; i++)
        {
            _windowIndex = i + 1;
            _window = windows[i];
            if (!await ExportWindowWithQuotaAsync(windows[i], i + 1 < windows.Count ? windows[i + 1] : null))
            {
                Report(ObjectExportPhase.Done);
                return Result(ObjectExportOutcome.QuotaExhausted);
            }
        }

        _exportId = null;
        Report(ObjectExportPhase.Done);
        return Result(ObjectExportOutcome.Completed);
    }

    private List<ExportWindow> PlanWindows()
    {
        ObjectWindowPlan plan = ObjectWindowPlan.Create(_checkpoint, _request, Now);
        if (plan.Note is not null)
        {
            Note(plan.Note);
        }

        return plan.Windows.ToList();
    }

    /// <summary>Exports one window, waiting through quota resets if configured. False when stopped on a quota.</summary>
    private async Task<bool> ExportWindowWithQuotaAsync(ExportWindow window, ExportWindow? next)
    {
        // Each pass that does not return waited for a quota reset, and those waits are capped (QuotaMaxWaits).
        while (_quotaWaits <= _settings.QuotaMaxWaits)
        {
            try
            {
                return await ExportWindowAsync(window, next);
            }
            catch (TaskFailedException ex) when (MarketoFailures.IsQuota(ex.FailureDetails))
            {
                string kind = MarketoFailures.IsCausedBy<MarketoDailyQuotaExceededException>(ex.FailureDetails)
                    ? MarketoDailyQuotaExceededException.Name : MarketoExportQuotaExceededException.Name;
                _usageAtCheck = null; // list the usage again after the reset
                if (!await WaitForQuotaResetAsync(kind))
                {
                    return false;
                }
            }
        }

        return false;
    }

    /// <summary>
    /// Exports one window: create (or re-attach), enqueue, poll, download, then advance the checkpoint. The checkpoint
    /// is written before create (a pending marker), after create (the job id) and after landing; the landing write
    /// also carries the pending marker of <paramref name="next"/>, so the next window's create needs no write of its own.
    /// </summary>
    private async Task<bool> ExportWindowAsync(ExportWindow window, ExportWindow? next)
    {
        string? lastReason = null;
        ExportJobState? job = null;

        // A mark this run wrote itself (with the previous window's landing) is not a crash to recover from.
        if (!_pendingMarkWritten && _checkpoint.InFlightExportId is { } inFlightId && _checkpoint.InFlightWindow() == window)
        {
            if (PendingCreate.TryParse(inFlightId, out DateTime markedAt))
            {
                // A crash hit between "about to create" and "created job saved": adopt the job that create made, if any.
                job = await _ctx.CallActivityAsync<ExportJobState>(
                    ActivityNames.FindCreatedExportJob, new FindCreatedExportJobRequest(_object, markedAt), _marketoCall);
                Log.Reattaching(_log, _object.Name, job.ExportId, job.Phase, window);
                if (job.Phase == ExportJobPhase.Created)
                {
                    await SaveInFlightAsync(job, window);
                }
                else
                {
                    job = null;
                }
            }
            else
            {
                _exportId = inFlightId;
                job = await GetStatusAsync(inFlightId);
                Log.Reattaching(_log, _object.Name, inFlightId, job.Phase, window);
                if (job.Phase is ExportJobPhase.Failed or ExportJobPhase.Cancelled or ExportJobPhase.Unknown)
                {
                    lastReason = $"in-flight export {inFlightId} is {job.Phase}";
                    Log.Redo(_log, _object.Name, window, lastReason);
                    job = null;
                }
            }
        }

        for (int attempt = 1; attempt <= Math.Max(1, _settings.MaxJobAttempts); attempt++)
        {
            if (job is null)
            {
                if (!await EnsureExportQuotaAsync())
                {
                    await ClearPendingMarkAsync();
                    return false;
                }

                await EnsureFieldsAsync();

                // Marked BEFORE create: a crash while creating finds (and adopts) the job instead of making a second.
                // The previous window's landing write already made this mark unless time passed on a quota wait
                // (an old mark would widen the span in which another integration's job could be mistaken for ours).
                if (!_pendingMarkWritten)
                {
                    _checkpoint = WithPendingMark(_checkpoint, window);
                    Report(ObjectExportPhase.Creating);
                    await WriteCheckpointAsync();
                }

                _pendingMarkWritten = false;
                job = await CreateAsync(window);

                // Saved BEFORE enqueue: a crash from here on re-attaches to this job instead of creating another.
                await SaveInFlightAsync(job, window);
            }

            DateTime? enqueuedAt = null;
            if (job.Phase == ExportJobPhase.Created)
            {
                job = await EnqueueAsync(job);
                enqueuedAt = Now;
            }

            job = await PollAsync(job);
            if (enqueuedAt is { } queuedAt && job.Phase == ExportJobPhase.Completed)
            {
                // Marketo's own queued → finished time when it reports both (from the activity result, so replay-safe);
                // otherwise enqueue to the poll that saw Completed, which also counts that poll's lag.
                TimeSpan duration = job.QueuedAt is { } q && job.FinishedAt is { } f && f > q ? f - q : Now - queuedAt;
                _previousJob = (duration, window.End - window.Start);
            }
            if (job.Phase != ExportJobPhase.Completed)
            {
                lastReason = $"export {job.ExportId} ended {job.Phase}" + (job.ErrorMessage is null ? string.Empty : $": {job.ErrorMessage}");
                Log.Redo(_log, _object.Name, window, lastReason);
                job = null;
                continue;
            }

            LandedFile file;
            try
            {
                Report(ObjectExportPhase.Downloading);
                file = await _ctx.CallActivityAsync<LandedFile>(
                    ActivityNames.DownloadExportFile, new DownloadExportFileRequest(_object, window, job) { Folder = _request.Backfill }, _marketoCall);
            }
            catch (TaskFailedException ex) when (
                MarketoFailures.IsCausedBy<ExportFileVerificationException>(ex.FailureDetails)
                || MarketoFailures.IsCausedBy<ExportFileMissingException>(ex.FailureDetails))
            {
                lastReason = MarketoFailures.Message(ex.FailureDetails);
                Log.Redo(_log, _object.Name, window, lastReason);
                job = null;
                continue;
            }

            // Only now, with the file verified and landed, does the high-water mark move.
            _records += file.Records;
            _bytes += file.Bytes;
            _bytesSinceUsageCheck += file.Bytes;
            _windows++;
            _lastFileBytes = file.Bytes;
            _files.Add(file.Name);
            _checkpoint = _checkpoint with
            {
                HighWaterMark = window.End,
                LastFileName = file.Name,
                LastFileRecords = file.Records,
                LastIngestedAt = Now,
                EpochStartedAt = _checkpoint.EpochStartedAt ?? window.Start,
                EpochRecords = _checkpoint.EpochRecords + file.Records,
                InFlightExportId = null,
                InFlightWindowStart = null,
                InFlightWindowEnd = null,
            };
            if (next is not null)
            {
                // One write instead of two: the high-water mark of this window and the pending mark of the next.
                _checkpoint = WithPendingMark(_checkpoint, next);
            }

            Report(ObjectExportPhase.Checkpointing);
            await WriteCheckpointAsync();
            _pendingMarkWritten = next is not null;
            Log.Landed(_log, _object.Name, window, file.Name, file.Records, file.Bytes);
            return true;
        }

        string mark = _checkpoint.HighWaterMark is { } hwm ? ExportWindow.Iso(hwm) : "(none)";
        throw new ExportFailedException(
            $"{_object.Name}: window {window} failed after {_settings.MaxJobAttempts} export job(s); last: {lastReason}. "
            + $"Nothing was committed (high-water mark still {mark}); the next run retries this window.");
    }

    /// <summary>
    /// Creates the window's job. Not through a retry policy: the attempt number travels in the request, because a create
    /// that failed may still have made a job (a timeout after Marketo answered), and the activity adopts that job on any
    /// attempt after the first instead of making a second one.
    /// </summary>
    private async Task<ExportJobState> CreateAsync(ExportWindow window)
    {
        RetryPolicy retry = MarketoCallRetry(_settings);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                Report(ObjectExportPhase.Creating);
                return await _ctx.CallActivityAsync<ExportJobState>(
                    ActivityNames.CreateExportJob,
                    new CreateExportJobRequest(_object, window, _filterField)
                    {
                        PendingSince = PendingCreate.TryParse(_checkpoint.InFlightExportId, out DateTime markedAt) ? markedAt : null,
                        Attempt = attempt,
                    });
            }
            catch (TaskFailedException ex) when (
                MarketoFailures.IsCausedBy<MarketoUnsupportedFilterException>(ex.FailureDetails)
                && _object.Kind == ExportObjectKind.Leads && _filterField == DateFilterField.UpdatedAt)
            {
                _filterField = DateFilterField.CreatedAt;
                Note("this subscription does not support the updatedAt filter (1035): exporting leads by createdAt, "
                    + "so changes to existing leads are not exported");
            }
            catch (TaskFailedException ex) when (MarketoFailures.IsCausedBy<MarketoUnsupportedFilterException>(ex.FailureDetails))
            {
                throw new ExportFailedException(
                    $"{_object.Name}: this Marketo subscription does not support the {_filterField} filter for this object (1035), "
                    + "and it has no other incremental filter; remove it from --objects or ask Adobe to enable the filter.");
            }
            catch (TaskFailedException ex) when (attempt < retry.MaxNumberOfAttempts && MarketoFailures.IsTransient(ex.FailureDetails))
            {
                TimeSpan delay = TimeSpan.FromTicks((long)Math.Min(
                    retry.FirstRetryInterval.Ticks * Math.Pow(retry.BackoffCoefficient, attempt - 1), retry.MaxRetryInterval.Ticks));
                await _ctx.CreateTimer(Now + delay, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// An object configured without fields exports every field Marketo describes for it. Asked once, right before the
    /// first job is created (an up-to-date object or a re-attached job needs no field list); the answer is in the
    /// history, so a replay and every later window use the same list.
    /// </summary>
    private async Task EnsureFieldsAsync()
    {
        if (_object.Fields is null && _object.Kind != ExportObjectKind.Activities)
        {
            Report(ObjectExportPhase.Creating);
            IReadOnlyList<string> fields = await _ctx.CallActivityAsync<IReadOnlyList<string>>(ActivityNames.DescribeExportFields, _object, _marketoCall);
            if (fields.Count == 0)
            {
                throw new ExportFailedException($"{_object.Name}: Marketo describes no field for it; list the fields to export (Export:Fields:{_object.Name}).");
            }

            _object = _object with { Fields = fields };
        }
    }

    private async Task<ExportJobState> EnqueueAsync(ExportJobState job)
    {
        TimeSpan delay = _settings.QueueFullDelay;
        for (int waits = 0; ; waits++)
        {
            try
            {
                Report(ObjectExportPhase.Enqueuing);
                ExportJobState queued = await _ctx.CallActivityAsync<ExportJobState>(
                    ActivityNames.EnqueueExportJob, new ExportJobRef(_object, job.ExportId), _marketoCall);
                _waitNote = null;
                return queued;
            }
            catch (TaskFailedException ex) when (MarketoFailures.IsCausedBy<MarketoExportQueueFullException>(ex.FailureDetails))
            {
                if (waits >= _settings.QueueFullMaxWaits)
                {
                    throw new ExportFailedException(
                        $"{_object.Name}: Marketo's export queue stayed full (1029) through {waits} waits; other integrations "
                        + "may be holding it. The job is saved as in flight and is enqueued by the next run.");
                }

                _waitNote = $"export queue full (1029): retrying at {ExportWindow.Iso(Now + delay)}";
                Report(ObjectExportPhase.QueueFull);
                await _ctx.CreateTimer(Now + delay, CancellationToken.None);
                delay = Min(delay * 2, _settings.QueueFullMaxDelay);
            }
        }
    }

    private async Task<ExportJobState> PollAsync(ExportJobState job)
    {
        DateTime enqueued = Now;
        DateTime deadline = enqueued + _settings.PollTimeout;
        var planned = new Queue<TimeSpan>(StatusPolls.Planned(ExpectedDuration(), _settings));
        for (int poll = 0; !job.IsTerminal; poll++)
        {
            Report(job.Phase == ExportJobPhase.Processing ? ObjectExportPhase.Processing : ObjectExportPhase.Queued);

            // Planned polls are offsets from enqueue; after them (or without them) the backoff takes over.
            TimeSpan delay = StatusPolls.Backoff(poll, _settings);
            while (planned.TryDequeue(out TimeSpan at))
            {
                if (enqueued + at > Now)
                {
                    delay = enqueued + at - Now;
                    break;
                }
            }

            if (Now + delay > deadline)
            {
                try
                {
                    await _ctx.CallActivityAsync<ExportJobState>(ActivityNames.CancelExportJob, new ExportJobRef(_object, job.ExportId), _marketoCall);
                }
                catch (TaskFailedException)
                {
                    // Best effort: a Processing job may refuse to cancel; it then simply completes unused.
                }

                throw new ExportFailedException(
                    $"{_object.Name}: export {job.ExportId} was not Completed within {_settings.PollTimeout}; cancelled it. "
                    + "Nothing was committed; the next run exports the window again.");
            }

            await _ctx.CreateTimer(Now + delay, CancellationToken.None);
            job = await GetStatusAsync(job.ExportId);
        }

        return job;
    }

    /// <summary>
    /// How long this job should take, from this object's previous job in the run: a job of the same object and a
    /// similar window usually takes about as long. Scaled down by this window's length relative to that one's, as the
    /// last window of a backfill (up to now) is usually much shorter than the full windows before it. Null without a
    /// previous job.
    /// </summary>
    private TimeSpan? ExpectedDuration()
    {
        if (_previousJob is not { } previous)
        {
            return null;
        }

        double scale = _window is { } current && previous.WindowSpan > TimeSpan.Zero
            ? Math.Min(1.0, (current.End - current.Start) / previous.WindowSpan)
            : 1.0;
        return Min(TimeSpan.FromTicks((long)(previous.Duration.Ticks * scale)), _settings.PollTimeout);
    }

    private async Task SaveInFlightAsync(ExportJobState job, ExportWindow window)
    {
        _exportId = job.ExportId;
        _checkpoint = _checkpoint with
        {
            InFlightExportId = job.ExportId,
            InFlightWindowStart = window.Start,
            InFlightWindowEnd = window.End,
        };
        Report(ObjectExportPhase.Creating);
        await WriteCheckpointAsync();
    }

    private ExportCheckpoint WithPendingMark(ExportCheckpoint checkpoint, ExportWindow window) => checkpoint with
    {
        InFlightExportId = PendingCreate.Format(Now),
        InFlightWindowStart = window.Start,
        InFlightWindowEnd = window.End,
    };

    /// <summary>Stopping before create: a pending mark left behind would make the next run look for a job that was never made.</summary>
    private async Task ClearPendingMarkAsync()
    {
        _pendingMarkWritten = false;
        if (PendingCreate.TryParse(_checkpoint.InFlightExportId, out _))
        {
            _checkpoint = _checkpoint with { InFlightExportId = null, InFlightWindowStart = null, InFlightWindowEnd = null };
            Report(ObjectExportPhase.Checkpointing);
            await WriteCheckpointAsync();
        }
    }

    private Task<ExportJobState> GetStatusAsync(string exportId)
        => _ctx.CallActivityAsync<ExportJobState>(ActivityNames.GetExportJobStatus, new ExportJobRef(_object, exportId), _marketoCall);

    private Task WriteCheckpointAsync() => _ctx.CallActivityAsync(ActivityNames.WriteCheckpoint, _checkpoint, _marketoCall);

    /// <summary>
    /// Stops creating jobs before the daily export quota is exceeded. False when stopped on the quota. The usage is
    /// listed (3 job-list calls) once per object run, and again after a quota wait or when the quota day changed;
    /// in between it is tracked here by adding the bytes of the files this object landed. That misses other
    /// exports sharing the quota (other objects of the run, other integrations), which is acceptable: Marketo still
    /// enforces the quota itself with 1029 on create or enqueue, and the flow handles that by stopping or waiting
    /// for the reset (<see cref="ExportWindowWithQuotaAsync"/>). This check only avoids starting a job that cannot fit.
    /// </summary>
    private async Task<bool> EnsureExportQuotaAsync()
    {
        if (_settings.DailyExportQuotaBytes <= 0)
        {
            return true;
        }

        // Each pass that does not return waited for a quota reset, and those waits are capped (QuotaMaxWaits).
        while (_quotaWaits <= _settings.QuotaMaxWaits)
        {
            DateTime day = QuotaClock.DayStartUtc(Now);
            if (_usageAtCheck is null || day != _usageDay)
            {
                Report(ObjectExportPhase.CheckingQuota);
                ExportUsage usage = await _ctx.CallActivityAsync<ExportUsage>(
                    ActivityNames.GetExportUsage, new ExportUsageRequest([_object], day), _marketoCall);
                _usageAtCheck = usage.BytesUsed;
                _usageDay = day;
                _bytesSinceUsageCheck = 0;
            }

            // The next file is estimated by this object's last one; the quota is shared by every bulk export.
            long used = _usageAtCheck.Value + _bytesSinceUsageCheck;
            if (used + _lastFileBytes < _settings.DailyExportQuotaBytes)
            {
                return true;
            }

            string reason = $"daily export quota: {used} of {_settings.DailyExportQuotaBytes} bytes used today";
            _usageAtCheck = null; // list the usage again after the reset
            if (!await WaitForQuotaResetAsync(reason))
            {
                return false;
            }
        }

        return false;
    }

    private async Task<bool> WaitForQuotaResetAsync(string reason)
    {
        DateTime resetAt = QuotaClock.NextResetUtc(Now);
        if (_settings.QuotaBehavior == QuotaBehavior.Wait && _quotaWaits < _settings.QuotaMaxWaits)
        {
            _quotaWaits++;
            _pendingMarkWritten = false; // the mark's time is stale after the wait: write a fresh one before create
            Note($"{reason}; waiting for the reset at {ExportWindow.Iso(resetAt)} (midnight America/Chicago)");
            Report(ObjectExportPhase.WaitingForQuota);
            await _ctx.CreateTimer(resetAt + TimeSpan.FromMinutes(1), CancellationToken.None);
            return true;
        }

        _resumesAt = resetAt;
        _stopReason = $"quota exhausted ({reason}), resumes at {ExportWindow.Iso(resetAt)} (midnight America/Chicago); "
            + "run again after that time, the checkpoint keeps the progress";
        Log.Note(_log, _object.Name, _stopReason);
        return false;
    }

    private void Note(string note)
    {
        _note = note;
        Log.Note(_log, _object.Name, note);
    }

    private void Report(ObjectExportPhase phase)
        => _ctx.SetCustomStatus(new ObjectExportStatus(
            _object.Name, phase, _windowIndex, _windowCount, _window, _exportId, _records, _bytes, _waitNote ?? _note) { Landed = _windows });

    private ObjectExportResult Result(ObjectExportOutcome outcome) => new(_object.Name, outcome)
    {
        Windows = _windows,
        Records = _records,
        Bytes = _bytes,
        HighWaterMark = _checkpoint.HighWaterMark,
        Files = _files.ToArray(),
        Message = _stopReason ?? _note,
        ResumesAt = _resumesAt,
    };

    /// <summary>
    /// The retry of one Marketo call (activity): transient failures only (<see cref="MarketoFailures.IsTransient"/>),
    /// doubling from <see cref="ExportSettings.ApiRetryFirstInterval"/> to <see cref="ExportSettings.ApiRetryMaxInterval"/>.
    /// The settings are validated where the run plan is built; the clamps here only keep the SDK's own checks
    /// (first interval &gt; 0, maximum ≥ first) from failing a run started with an older plan.
    /// </summary>
    internal static RetryPolicy MarketoCallRetry(ExportSettings settings)
    {
        TimeSpan first = settings.ApiRetryFirstInterval > TimeSpan.Zero ? settings.ApiRetryFirstInterval : TimeSpan.FromSeconds(1);
        TimeSpan max = settings.ApiRetryMaxInterval >= first ? settings.ApiRetryMaxInterval : first;
        return new RetryPolicy(Math.Max(1, settings.ApiRetryAttempts), first, 2.0, max)
        {
            HandleFailure = MarketoFailures.IsTransient,
        };
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
