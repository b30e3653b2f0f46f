using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Orchestrations.Tests.Export;

public sealed class ObjectExportOrchestratorTests
{
    private static readonly DateTime Now = new(2026, 3, 10, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Since = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly ExportSettings Fast = new()
    {
        SafetyLag = TimeSpan.FromMinutes(15),
        MinWindow = TimeSpan.FromHours(1),
        DailyExportQuotaBytes = 0,
        ApiRetryFirstInterval = TimeSpan.FromSeconds(1),
    };

    /// <summary>The first full window from <see cref="Since"/>.</summary>
    private static readonly ExportWindow January = new(Since, Since.AddDays(31).AddSeconds(-1));

    /// <summary>Window 3 (Mar 4 .. now − 15 min) is this fraction of window 2 (Feb 1 .. Mar 3 23:59:59) in length.</summary>
    private static readonly double TailScale =
        (new DateTime(2026, 3, 10, 11, 45, 0, DateTimeKind.Utc) - new DateTime(2026, 3, 4, 0, 0, 0, DateTimeKind.Utc))
        / (new DateTime(2026, 3, 3, 23, 59, 59, DateTimeKind.Utc) - new DateTime(2026, 2, 1, 0, 0, 0, DateTimeKind.Utc));

    private readonly FakeMarketoActivities _marketo = new();

    /// <summary>The expected duration of the tail window after a window-2 job that took <paramref name="window2"/>, as the flow scales it.</summary>
    private static TimeSpan TailExpected(TimeSpan window2) => TimeSpan.FromTicks((long)(window2.Ticks * TailScale));

    /// <summary>A checkpoint saying a create for <paramref name="window"/> began a minute ago (a crash while creating).</summary>
    private static ExportCheckpoint MarkedAMinuteAgo(ExportWindow window) => new("leads")
    {
        InFlightExportId = PendingCreate.Format(Now.AddMinutes(-1)),
        InFlightWindowStart = window.Start,
        InFlightWindowEnd = window.End,
    };

    private (OrchestrationContextMock Context, Task<ObjectExportResult> Run) Start(ExportSettings? settings = null, ExportObjectKind kind = ExportObjectKind.Leads)
    {
        var ctx = new OrchestrationContextMock(Now) { Activity = _marketo.HandleAsync };
        var sut = new ObjectExportOrchestrator();
        return (ctx, sut.RunAsync(ctx.Object, new ObjectExportRequest(new ExportObject(kind), settings ?? Fast, Since)));
    }

    [Fact]
    public async Task RunAsync_NoCheckpoint_ExportsEveryWindowInOrderAndEndsAtNowMinusLag()
    {
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Windows); // Jan 1..31, Feb 1..Mar 3, Mar 4..Mar 10 11:45
        Assert.Equal(Now.AddMinutes(-15), result.HighWaterMark);
        Assert.Equal(Since, _marketo.Creates[0].Window.Start);
        for (int i = 1; i < _marketo.Creates.Count; i++)
        {
            Assert.Equal(_marketo.Creates[i - 1].Window.End.AddSeconds(1), _marketo.Creates[i].Window.Start);
        }

        Assert.All(_marketo.Creates, c => Assert.Equal(DateFilterField.UpdatedAt, c.FilterField));
        ExportCheckpoint cp = _marketo.Checkpoints["leads"];
        Assert.Null(cp.InFlightExportId);
        Assert.Equal(30, cp.EpochRecords);
        Assert.Equal(Since, cp.EpochStartedAt);
    }

    [Fact]
    public async Task RunAsync_EachWindow_SavesInFlightBeforeEnqueueAndAdvancesOnlyAfterDownload()
    {
        (_, Task<ObjectExportResult> run) = Start();

        await run;

        // A pending mark before the first create; the job id before enqueue; the landing write advances the mark and
        // carries the next window's pending mark, so later windows need two writes, not three.
        List<string> steps = _marketo.Steps.Where(s => s != ActivityNames.GetExportJobStatus).ToList();
        Assert.Equal(
            [ActivityNames.ReadCheckpoint, ActivityNames.DescribeExportFields,
             ActivityNames.WriteCheckpoint, ActivityNames.CreateExportJob, ActivityNames.WriteCheckpoint, ActivityNames.EnqueueExportJob, ActivityNames.DownloadExportFile, ActivityNames.WriteCheckpoint,
             ActivityNames.CreateExportJob, ActivityNames.WriteCheckpoint, ActivityNames.EnqueueExportJob, ActivityNames.DownloadExportFile, ActivityNames.WriteCheckpoint,
             ActivityNames.CreateExportJob, ActivityNames.WriteCheckpoint, ActivityNames.EnqueueExportJob, ActivityNames.DownloadExportFile, ActivityNames.WriteCheckpoint],
            steps);
        Assert.True(PendingCreate.TryParse(_marketo.Writes[0].InFlightExportId, out DateTime markedAt));
        Assert.Equal(Now, markedAt);
        Assert.Equal(_marketo.Creates[0].Window.Start, _marketo.Writes[0].InFlightWindowStart);
        Assert.Equal("job-1", _marketo.Writes[1].InFlightExportId);
        Assert.Null(_marketo.Writes[1].HighWaterMark);

        ExportCheckpoint landed = _marketo.Writes[2];
        Assert.Equal(_marketo.Creates[0].Window.End, landed.HighWaterMark);
        Assert.True(PendingCreate.TryParse(landed.InFlightExportId, out _));
        Assert.Equal(_marketo.Creates[1].Window.Start, landed.InFlightWindowStart);
        Assert.Equal(_marketo.Creates[1].Window.End, landed.InFlightWindowEnd);
        Assert.Null(_marketo.Writes[^1].InFlightExportId); // the last window has no next
        Assert.DoesNotContain(ActivityNames.FindCreatedExportJob, _marketo.Steps); // its own mark is not a crash
    }

    [Fact]
    public async Task RunAsync_Polling_UsesDurableTimersWithBackoffFromTheFirstDelayToTheCap()
    {
        _marketo.PollsUntilComplete = 8;
        ExportSettings settings = Fast with { PollFirstDelay = TimeSpan.FromSeconds(60), PollBackoff = 1.5, PollMaxDelay = TimeSpan.FromMinutes(2) };
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(settings);

        await run;

        List<TimeSpan> gaps = [];
        DateTime previous = default;
        // First window's timers only: 8 polls.
        foreach (DateTime t in ctx.Timers.Take(8))
        {
            if (previous != default)
            {
                gaps.Add(t - previous);
            }

            previous = t;
        }

        Assert.Equal(TimeSpan.FromSeconds(90), gaps[0]);
        Assert.Equal(TimeSpan.FromSeconds(120), gaps[1]);
        Assert.All(gaps.Skip(1), g => Assert.Equal(TimeSpan.FromMinutes(2), g));
    }

    [Fact]
    public async Task RunAsync_PreviousJobOfTheRun_FirstPollAtNinetyPercentOfItsDurationThenAtItsEnd()
    {
        _marketo.PollsUntilComplete = 3;
        ExportSettings settings = Fast with { PollFirstDelay = TimeSpan.FromSeconds(60), PollBackoff = 1.5, PollMaxDelay = TimeSpan.FromMinutes(2) };
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(settings);

        await run;

        // Window 1 (no previous job): 60, 90, 120 s → took 270 s. Window 2 (as long as window 1) expects 270 s: first
        // poll at 0.9 × 270 = 243 s, the second at the expected end (27 s later), then the backoff (135 → cap 120 s):
        // took 390 s. Window 3 is the short tail up to now − lag, so it expects 390 s scaled by its length relative to
        // window 2's (≈ 82 s): first at 0.9 × that (≈ 73 s), the second at least a quarter of the first delay later
        // (15 s, not the 8 s left to the expected end), then 120 s.
        TimeSpan tailExpected = TailExpected(TimeSpan.FromSeconds(390));
        TimeSpan tailFirst = tailExpected * 0.9;
        DateTime tailStart = Now.AddSeconds(660);
        DateTime[] expected =
        [
            .. new[] { 60, 150, 270, 513, 540, 660 }.Select(sec => Now.AddSeconds(sec)),
            tailStart + tailFirst, tailStart + tailFirst + TimeSpan.FromSeconds(15), tailStart + tailFirst + TimeSpan.FromSeconds(135),
        ];
        Assert.True(tailFirst > TimeSpan.FromSeconds(60) && tailExpected - tailFirst < TimeSpan.FromSeconds(15), $"{tailFirst}");
        Assert.Equal(expected, ctx.Timers);
    }

    [Fact]
    public async Task RunAsync_DefaultSchedule_BacksOffToNinetySecondsAndUsesThePreviousJob()
    {
        _marketo.PollsUntilComplete = 3;
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start();

        await run;

        // Defaults: 60 s first, ×1.5, cap 90 s. Window 1: 60, 150, 240 s. Window 2 (same length) expects 240 s: polls
        // at 0.9 × 240 = 216 s and at 240 s, then the backoff's third step (capped: 90 s) → took 330 s. Window 3, the
        // 6.5-day tail, expects 330 s × its length ÷ window 2's (≈ 69 s): 0.9 × that (≈ 62 s) is just past the first
        // delay, so it polls there, a quarter of the first delay (15 s) later rather than 7 s later at the expected end,
        // then 90 s.
        TimeSpan tailFirst = TailExpected(TimeSpan.FromSeconds(330)) * 0.9;
        DateTime tailStart = Now.AddSeconds(570);
        DateTime[] expected =
        [
            .. new[] { 60, 150, 240, 456, 480, 570 }.Select(sec => Now.AddSeconds(sec)),
            tailStart + tailFirst, tailStart + tailFirst + TimeSpan.FromSeconds(15), tailStart + tailFirst + TimeSpan.FromSeconds(105),
        ];
        Assert.True(tailFirst > TimeSpan.FromSeconds(60) && tailFirst < TimeSpan.FromSeconds(65), $"{tailFirst}");
        Assert.Equal(expected, ctx.Timers);
    }

    [Fact]
    public async Task RunAsync_MarketoReportsQueuedAndFinishedTimes_ThoseNotThePollsDefineTheExpectedDuration()
    {
        _marketo.PollsUntilComplete = 3;
        _marketo.ReportedDuration = TimeSpan.FromSeconds(100);
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start();

        await run;

        // Window 1 is seen Completed at the third poll (240 s), but Marketo says the job took 100 s: window 2 expects
        // 100 s, polls at 90 s, then 15 s later (the expected end is only 10 s later), then the backoff's 90 s. The
        // poll-observed 240 s would have put them at 216 and 240 s.
        Assert.Equal(
            new[] { 60, 150, 240, 330, 345, 435 }.Select(sec => Now.AddSeconds(sec)),
            ctx.Timers.Take(6));
    }

    [Theory]
    [InlineData(1, new[] { 680.0 })]                      // done at once: the probe at a third (170 s) finds it
    [InlineData(2, new[] { 680.0, 892.5 })]               // a quarter shorter: the probe at three quarters (382.5 s)
    [InlineData(4, new[] { 680.0, 892.5, 969.0, 1020.0 })] // as expected: then 0.9 × (459 s) and the end (510 s)
    public async Task RunAsync_LongExpectedJob_ProbedAtAThirdAndThreeQuartersBeforeTheExpectedEnd(int polls, double[] window2PollsAt)
    {
        _marketo.PollsUntilComplete = 6;
        _marketo.PollsUntilCompleteOf["job-2"] = polls;
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start();

        await run;

        // Window 1: 60, 150, 240, 330, 420, 510 s → took 510 s, so window 2 (enqueued at 510 s) expects 510 s. Without
        // the probes its first poll would be at 0.9 × 510 = 459 s however short the job.
        Assert.Equal(
            new[] { 60.0, 150, 240, 330, 420, 510 }.Concat(window2PollsAt).Select(sec => Now.AddSeconds(sec)),
            ctx.Timers.Take(6 + window2PollsAt.Length));
    }

    [Fact]
    public async Task RunAsync_PreviousJobShorterThanTheFirstDelay_FirstPollStaysAtTheFirstDelay()
    {
        _marketo.PollsUntilComplete = 1;
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start();

        await run;

        // Each job took 60 s; 0.9 × 60 = 54 s is below PollFirstDelay.
        Assert.Equal([Now.AddSeconds(60), Now.AddSeconds(120), Now.AddSeconds(180)], ctx.Timers);
    }

    [Fact]
    public async Task RunAsync_ReattachedQueuedJob_IsNotUsedAsThePreviousDuration()
    {
        _marketo.PollsUntilComplete = 3;
        ExportWindow window = January;
        string id = _marketo.AddJob(window, ExportJobPhase.Queued);
        _marketo.Checkpoints["leads"] = new ExportCheckpoint("leads") { InFlightExportId = id, InFlightWindowStart = window.Start, InFlightWindowEnd = window.End };
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start();

        await run;

        // The re-attached job (status read on re-attach, then polls at 60 and 150 s) has no known enqueue time, so
        // window 2's job gets the plain schedule (60, 90, 90 s) and takes 240 s; window 3 (the short tail) expects
        // 240 s × 6.5/31 = 50 s, 0.9 × which is below the first delay, so it keeps the plain schedule too.
        int[] expectedSeconds = [60, 150, 210, 300, 390, 450, 540, 630];
        Assert.Equal(expectedSeconds.Select(s => Now.AddSeconds(s)), ctx.Timers);
    }

    [Fact]
    public async Task RunAsync_CheckpointAlreadyAtEnd_DoesNothingAndWritesNothing()
    {
        _marketo.Checkpoints["leads"] = new ExportCheckpoint("leads") { HighWaterMark = Now.AddMinutes(-20) };
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(0, result.Windows);
        Assert.Equal([ActivityNames.ReadCheckpoint], _marketo.Steps);
    }

    [Fact]
    public async Task RunAsync_FutureHighWaterMark_NothingExportedAndSaysSo()
    {
        _marketo.Checkpoints["leads"] = new ExportCheckpoint("leads") { HighWaterMark = Now.AddDays(3) };
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(0, result.Windows);
        Assert.Contains("after the export end", result.Message, StringComparison.Ordinal);
        Assert.Empty(_marketo.Writes);
    }

    [Theory]
    [InlineData(ExportJobPhase.Created, new[] { ActivityNames.EnqueueExportJob })]
    [InlineData(ExportJobPhase.Queued, new string[0])]
    [InlineData(ExportJobPhase.Completed, new string[0])]
    public async Task RunAsync_InFlightJobAlive_ReattachesWithoutCreating(ExportJobPhase phase, string[] expectedFirst)
    {
        ExportWindow window = January;
        string id = _marketo.AddJob(window, phase);
        _marketo.Checkpoints["leads"] = new ExportCheckpoint("leads") { InFlightExportId = id, InFlightWindowStart = window.Start, InFlightWindowEnd = window.End };
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.Equal(2, _marketo.Creates.Count); // only the two later windows
        Assert.Equal(window.End.AddSeconds(1), _marketo.Creates[0].Window.Start);
        int firstCreate = _marketo.Steps.IndexOf(ActivityNames.CreateExportJob);
        List<string> beforeCreate = _marketo.Steps.Take(firstCreate).Where(s => s is ActivityNames.EnqueueExportJob).ToList();
        Assert.Equal(expectedFirst, beforeCreate);
        Assert.Equal(window.End, _marketo.Writes[0].HighWaterMark);
    }

    [Theory]
    [InlineData(ExportJobPhase.Failed)]
    [InlineData(ExportJobPhase.Cancelled)]
    [InlineData(ExportJobPhase.Unknown)]
    public async Task RunAsync_InFlightJobDead_RecreatesTheSameWindow(ExportJobPhase phase)
    {
        ExportWindow window = January;
        string id = phase == ExportJobPhase.Unknown ? "gone" : _marketo.AddJob(window, phase);
        _marketo.Checkpoints["leads"] = new ExportCheckpoint("leads") { InFlightExportId = id, InFlightWindowStart = window.Start, InFlightWindowEnd = window.End };
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.Equal(window, _marketo.Creates[0].Window);
        Assert.NotEqual(id, _marketo.Writes[1].InFlightExportId);
    }

    [Fact]
    public async Task RunAsync_CrashedWhileCreating_AdoptsTheCreatedJobInsteadOfCreatingAnother()
    {
        ExportWindow window = January;
        string orphan = _marketo.AddJob(window, ExportJobPhase.Created);
        _marketo.Checkpoints["leads"] = MarkedAMinuteAgo(window);
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.Equal(2, _marketo.Creates.Count);
        Assert.Equal(orphan, _marketo.Writes[0].InFlightExportId);
        Assert.Equal(window.End, _marketo.Writes[1].HighWaterMark);
    }

    [Fact]
    public async Task RunAsync_CrashedAfterLandingWhileCreatingTheNextWindow_AdoptsThatJob()
    {
        // The landing write of window 1 also marked window 2 as about to be created; the crash came during that create.
        ExportWindow window1 = January;
        var window2 = new ExportWindow(window1.End.AddSeconds(1), window1.End.AddDays(31));
        string orphan = _marketo.AddJob(window2, ExportJobPhase.Created);
        _marketo.Checkpoints["leads"] = MarkedAMinuteAgo(window2) with { HighWaterMark = window1.End };
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(2, result.Windows);
        Assert.Single(_marketo.Creates); // only the tail window; window 2 used the orphan
        Assert.NotEqual(window2, _marketo.Creates[0].Window);
        Assert.Equal(orphan, _marketo.Writes[0].InFlightExportId);
        Assert.Equal(window2.End, _marketo.Writes[1].HighWaterMark);
    }

    [Fact]
    public async Task RunAsync_CrashedBeforeCreateReachedMarketo_CreatesTheJob()
    {
        ExportWindow window = January;
        _marketo.Checkpoints["leads"] = MarkedAMinuteAgo(window);
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.Equal(3, _marketo.Creates.Count);
        Assert.Equal(window, _marketo.Creates[0].Window);
    }

    [Fact]
    public async Task RunAsync_ChecksumMismatchEveryTime_FailsWithoutAdvancingTheCheckpoint()
    {
        _marketo.DownloadFailure = _ => new ExportFileVerificationException("sha256 mismatch");
        (_, Task<ObjectExportResult> run) = Start();

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(() => run);

        Assert.Contains("sha256 mismatch", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, _marketo.Creates.Count); // MaxJobAttempts, all for the first window
        Assert.All(_marketo.Creates, c => Assert.Equal(Since, c.Window.Start));
        Assert.All(_marketo.Writes, w => Assert.Null(w.HighWaterMark));
    }

    [Fact]
    public async Task RunAsync_ChecksumMismatchOnce_RecreatesTheJobAndLands()
    {
        int downloads = 0;
        _marketo.DownloadFailure = _ => ++downloads == 1 ? new ExportFileVerificationException("sha256 mismatch") : null;
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.Equal(4, _marketo.Creates.Count);
        Assert.Equal(_marketo.Creates[0].Window, _marketo.Creates[1].Window);
    }

    [Fact]
    public async Task RunAsync_FileGone_RecreatesTheJob()
    {
        int downloads = 0;
        _marketo.DownloadFailure = _ => ++downloads == 1 ? new ExportFileMissingException("404") : null;
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(4, _marketo.Creates.Count);
    }

    [Fact]
    public async Task RunAsync_QueueFull_WaitsOnATimerAndEnqueuesAgain()
    {
        int enqueues = 0;
        _marketo.Fault = (name, _) => name == ActivityNames.EnqueueExportJob && ++enqueues <= 2
            ? OrchestrationContextMock.Failure<MarketoExportQueueFullException>("Too many jobs in queue")
            : null;
        ExportSettings settings = Fast with { QueueFullDelay = TimeSpan.FromSeconds(30) };
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(settings);

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(3, _marketo.Creates.Count);
        Assert.Equal(Now.AddSeconds(30), ctx.Timers[0]);
        Assert.Equal(Now.AddSeconds(90), ctx.Timers[1]);
    }

    [Theory]
    [InlineData(300, 60, 180, 420)]  // default cap (5 min): 60 s, 120 s, 240 s — not held to the 90-s poll cap
    [InlineData(100, 60, 160, 260)]  // QueueFullMaxDelay caps each wait
    public async Task RunAsync_QueueFullSeveralTimes_WaitsDoubleUpToTheQueueFullCap(int capSeconds, int first, int second, int third)
    {
        int enqueues = 0;
        _marketo.Fault = (name, _) => name == ActivityNames.EnqueueExportJob && ++enqueues <= 3
            ? OrchestrationContextMock.Failure<MarketoExportQueueFullException>("Too many jobs in queue")
            : null;
        ExportSettings settings = Fast with { QueueFullDelay = TimeSpan.FromSeconds(60), QueueFullMaxDelay = TimeSpan.FromSeconds(capSeconds) };
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(settings);

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(90, settings.PollMaxDelay.TotalSeconds);
        Assert.Equal([Now.AddSeconds(first), Now.AddSeconds(second), Now.AddSeconds(third)], ctx.Timers.Take(3));
    }

    [Fact]
    public async Task RunAsync_Throttled_RetriedByThePolicy()
    {
        int creates = 0;
        _marketo.Fault = (name, _) => name == ActivityNames.CreateExportJob && ++creates <= 2
            ? OrchestrationContextMock.Failure<MarketoThrottledException>("606")
            : null;
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Windows);
    }

    [Fact]
    public async Task RunAsync_ExportQuotaOnCreate_StopBehaviour_EndsWithResumeTimeAndKeepsProgress()
    {
        int creates = 0;
        _marketo.Fault = (name, _) => name == ActivityNames.CreateExportJob && ++creates == 2
            ? OrchestrationContextMock.Failure<MarketoExportQuotaExceededException>("Export daily quota 500MB exceeded.")
            : null;
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.QuotaExhausted, result.Outcome);
        Assert.Equal(1, result.Windows);
        Assert.Equal(new DateTime(2026, 3, 11, 5, 0, 0, DateTimeKind.Utc), result.ResumesAt); // midnight CDT
        Assert.Contains("quota exhausted", result.Message, StringComparison.Ordinal);
        Assert.Contains("resumes at 2026-03-11T05:00:00Z", result.Message, StringComparison.Ordinal);
        Assert.Equal(Since.AddDays(31).AddSeconds(-1), _marketo.Checkpoints["leads"].HighWaterMark);
    }

    [Fact]
    public async Task RunAsync_DailyCallQuota_WaitBehaviour_WaitsForTheResetAndFinishes()
    {
        int statuses = 0;
        _marketo.Fault = (name, _) => name == ActivityNames.GetExportJobStatus && ++statuses == 1
            ? OrchestrationContextMock.Failure<MarketoDailyQuotaExceededException>("607")
            : null;
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(Fast with { QuotaBehavior = QuotaBehavior.Wait });

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Contains(new DateTime(2026, 3, 11, 5, 1, 0, DateTimeKind.Utc), ctx.Timers);
        Assert.Equal(3, _marketo.Creates.Count); // the in-flight job was re-attached, not recreated
    }

    [Fact]
    public async Task RunAsync_UsageOverQuota_StopsBeforeCreatingAJob()
    {
        _marketo.UsageBytes = 600L * 1024 * 1024;
        (_, Task<ObjectExportResult> run) = Start(Fast with { DailyExportQuotaBytes = 500L * 1024 * 1024 });

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.QuotaExhausted, result.Outcome);
        Assert.Empty(_marketo.Creates);
        Assert.Empty(_marketo.Writes);
    }

    [Fact]
    public async Task RunAsync_UsageUnderQuota_ListsUsageOncePerRun()
    {
        (_, Task<ObjectExportResult> run) = Start(Fast with { DailyExportQuotaBytes = 500L * 1024 * 1024 });

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.Equal(1, _marketo.Steps.Count(s => s == ActivityNames.GetExportUsage));
        Assert.Equal(ActivityNames.GetExportUsage, _marketo.Steps[1]); // before the first create
    }

    [Fact]
    public async Task RunAsync_LandedBytesReachTheQuota_StopsWithoutListingUsageAgain()
    {
        _marketo.BytesPerFile = 1000;
        _marketo.UsageBytes = 200;
        (_, Task<ObjectExportResult> run) = Start(Fast with { DailyExportQuotaBytes = 2500 });

        ObjectExportResult result = await run;

        // 200 + 1000 landed + 1000 expected < 2500 → window 2; 200 + 2000 + 1000 ≥ 2500 → stop before window 3.
        Assert.Equal(ObjectExportOutcome.QuotaExhausted, result.Outcome);
        Assert.Equal(2, result.Windows);
        Assert.Equal(2, _marketo.Creates.Count);
        Assert.Equal(1, _marketo.Steps.Count(s => s == ActivityNames.GetExportUsage));
        Assert.Contains("2200 of 2500 bytes", result.Message, StringComparison.Ordinal);

        // Window 2's landing write marked window 3 as about to be created; stopping instead clears that mark, so the
        // next run does not go looking for a job that was never made.
        Assert.True(PendingCreate.TryParse(_marketo.Writes[^2].InFlightExportId, out _));
        ExportCheckpoint saved = _marketo.Checkpoints["leads"];
        Assert.Null(saved.InFlightExportId);
        Assert.Null(saved.InFlightWindowStart);
        Assert.Equal(_marketo.Creates[1].Window.End, saved.HighWaterMark);
    }

    [Fact]
    public async Task RunAsync_LandedBytesReachTheQuota_WaitBehaviour_ListsUsageAgainAfterTheReset()
    {
        _marketo.BytesPerFile = 1000;
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(Fast with { DailyExportQuotaBytes = 2500, QuotaBehavior = QuotaBehavior.Wait });

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        Assert.Equal(3, result.Windows);
        DateTime resumedAt = new(2026, 3, 11, 5, 1, 0, DateTimeKind.Utc);
        Assert.Contains(resumedAt, ctx.Timers);
        Assert.Equal(2, _marketo.Steps.Count(s => s == ActivityNames.GetExportUsage));

        // The mark made with window 2's landing went stale during the wait: a fresh one is written before the create.
        int lastCreate = _marketo.Steps.LastIndexOf(ActivityNames.CreateExportJob);
        Assert.Equal(ActivityNames.WriteCheckpoint, _marketo.Steps[lastCreate - 1]);
        ExportCheckpoint fresh = _marketo.Writes.Last(w => PendingCreate.TryParse(w.InFlightExportId, out _));
        Assert.True(PendingCreate.TryParse(fresh.InFlightExportId, out DateTime markedAt));
        Assert.True(markedAt >= resumedAt, $"{markedAt:O}");
    }

    [Fact]
    public async Task RunAsync_LeadsUpdatedAtUnsupported_FallsBackToCreatedAtAndSaysSo()
    {
        _marketo.Fault = (name, input) => name == ActivityNames.CreateExportJob && ((CreateExportJobRequest)input!).FilterField == DateFilterField.UpdatedAt
            ? OrchestrationContextMock.Failure<MarketoUnsupportedFilterException>("1035")
            : null;
        (_, Task<ObjectExportResult> run) = Start();

        ObjectExportResult result = await run;

        Assert.Equal(3, result.Windows);
        Assert.All(_marketo.Creates, c => Assert.Equal(DateFilterField.CreatedAt, c.FilterField));
        Assert.Contains("createdAt", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_ProgramMembersUpdatedAtUnsupported_FailsNamingTheFilter()
    {
        _marketo.Fault = (name, _) => name == ActivityNames.CreateExportJob
            ? OrchestrationContextMock.Failure<MarketoUnsupportedFilterException>("1035")
            : null;
        (_, Task<ObjectExportResult> run) = Start(kind: ExportObjectKind.ProgramMembers);

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(() => run);

        Assert.Contains("UpdatedAt filter", ex.Message, StringComparison.Ordinal);
        Assert.All(_marketo.Writes, w => Assert.Null(w.HighWaterMark));
    }

    [Fact]
    public async Task RunAsync_Activities_FilterOnCreatedAt()
    {
        (_, Task<ObjectExportResult> run) = Start(kind: ExportObjectKind.Activities);

        await run;

        Assert.All(_marketo.Creates, c => Assert.Equal(DateFilterField.CreatedAt, c.FilterField));
    }

    [Fact]
    public async Task RunAsync_JobNeverCompletes_CancelsAfterTheTimeoutAndFails()
    {
        _marketo.PollsUntilComplete = int.MaxValue;
        (_, Task<ObjectExportResult> run) = Start(Fast with { PollTimeout = TimeSpan.FromMinutes(30) });

        ExportFailedException ex = await Assert.ThrowsAsync<ExportFailedException>(() => run);

        Assert.Contains("not Completed within", ex.Message, StringComparison.Ordinal);
        Assert.Contains(ActivityNames.CancelExportJob, _marketo.Steps);
        Assert.All(_marketo.Writes, w => Assert.Null(w.HighWaterMark));
    }

    [Fact]
    public async Task RunAsync_MarketoCalls_CarryARetryPolicyForTransientFailuresOnly()
    {
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(Fast with { ApiRetryAttempts = 4, ApiRetryFirstInterval = TimeSpan.FromSeconds(3), ApiRetryMaxInterval = TimeSpan.FromSeconds(40) });

        await run;

        RetryPolicy policy = Assert.IsType<RetryPolicy>(ctx.ActivityOptions.First(o => o.Name == ActivityNames.ReadCheckpoint).Options?.Retry?.Policy);
        Assert.Equal(4, policy.MaxNumberOfAttempts);
        Assert.Equal(TimeSpan.FromSeconds(3), policy.FirstRetryInterval);
        Assert.Equal(TimeSpan.FromSeconds(40), policy.MaxRetryInterval);
        Assert.Equal(2.0, policy.BackoffCoefficient);
        Assert.True(policy.Handle(CoreFailure<MarketoThrottledException>()));
        Assert.True(policy.Handle(CoreFailure<MarketoUnreachableException>()));
        Assert.False(policy.Handle(CoreFailure<MarketoAuthenticationException>()));
        Assert.False(policy.Handle(CoreFailure<MarketoExportQuotaExceededException>()));
        Assert.False(policy.Handle(CoreFailure<CheckpointStoreException>()));
        // Every Marketo call but create goes through that policy; create retries itself so it can number its attempts.
        Assert.All(ctx.ActivityOptions.Where(o => o.Name != ActivityNames.CreateExportJob), o => Assert.NotNull(o.Options?.Retry?.Policy));
        Assert.All(ctx.ActivityOptions.Where(o => o.Name == ActivityNames.CreateExportJob), o => Assert.Null(o.Options?.Retry));
    }

    [Fact]
    public async Task RunAsync_ApiRetryMaxBelowTheFirstInterval_PolicyStillValid()
    {
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(Fast with { ApiRetryFirstInterval = TimeSpan.FromSeconds(30), ApiRetryMaxInterval = TimeSpan.FromSeconds(5) });

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        RetryPolicy policy = ctx.ActivityOptions[0].Options!.Retry!.Policy!;
        Assert.Equal(TimeSpan.FromSeconds(30), policy.MaxRetryInterval); // the SDK rejects max < first: clamped up
    }

    [Fact]
    public async Task RunAsync_CreateFailsTransiently_RetriesOnADurableTimerWithTheNextAttemptNumber()
    {
        int creates = 0;
        _marketo.Fault = (name, _) => name == ActivityNames.CreateExportJob && ++creates <= 2
            ? OrchestrationContextMock.Failure<MarketoHttpException>("502 after the client's retries")
            : null;
        (OrchestrationContextMock ctx, Task<ObjectExportResult> run) = Start(Fast with { ApiRetryFirstInterval = TimeSpan.FromSeconds(10) });

        ObjectExportResult result = await run;

        Assert.Equal(ObjectExportOutcome.Completed, result.Outcome);
        List<CreateExportJobRequest> firstWindow = ctx.ActivityCalls.Where(c => c.Name == ActivityNames.CreateExportJob)
            .Select(c => (CreateExportJobRequest)c.Input!).Take(3).ToList();
        Assert.Equal([1, 2, 3], firstWindow.Select(r => r.Attempt));
        Assert.All(firstWindow, r => Assert.Equal(January, r.Window));
        Assert.Equal([Now.AddSeconds(10), Now.AddSeconds(30)], ctx.Timers.Take(2)); // 10 s, then 20 s more
    }

    [Fact]
    public async Task RunAsync_CreateFailsPermanently_IsNotRetried()
    {
        _marketo.Fault = (name, _) => name == ActivityNames.CreateExportJob
            ? OrchestrationContextMock.Failure<MarketoAuthenticationException>("token request rejected")
            : null;
        (_, Task<ObjectExportResult> run) = Start();

        TaskFailedException ex = await Assert.ThrowsAsync<TaskFailedException>(() => run);

        Assert.True(ex.FailureDetails.IsCausedBy<MarketoAuthenticationException>());
        Assert.Single(_marketo.Steps, s => s == ActivityNames.CreateExportJob);
    }

    private static global::DurableTask.Core.Exceptions.TaskFailedException CoreFailure<T>() where T : Exception
        => new("injected") { FailureDetails = new global::DurableTask.Core.FailureDetails(typeof(T).FullName!, "injected", null, null, false) };

    [Fact]
    public async Task RunAsync_UntilInTheFuture_ExportsOnlyUpToNowMinusTheLagAndTheMarkNeverPassesIt()
    {
        var ctx = new OrchestrationContextMock(Now) { Activity = _marketo.HandleAsync };
        var sut = new ObjectExportOrchestrator();
        var request = new ObjectExportRequest(new ExportObject(ExportObjectKind.Leads), Fast, Since, Until: new DateTime(2027, 1, 31, 23, 59, 59, DateTimeKind.Utc));

        ObjectExportResult result = await sut.RunAsync(ctx.Object, request);

        Assert.Equal(Now.AddMinutes(-15), result.HighWaterMark);
        Assert.Equal(Now.AddMinutes(-15), _marketo.Checkpoints["leads"].HighWaterMark);
        Assert.All(_marketo.Creates, c => Assert.True(c.Window.End <= Now.AddMinutes(-15)));
    }

    [Fact]
    public async Task RunAsync_ObjectWithoutFields_DescribesOnceBeforeTheFirstCreateAndExportsThoseFieldsInEveryWindow()
    {
        (_, Task<ObjectExportResult> run) = Start();

        await run;

        Assert.Single(_marketo.Steps, s => s == ActivityNames.DescribeExportFields);
        Assert.All(_marketo.Creates, c => Assert.Equal(["id", "updatedAt", "industryVertical_c"], c.Object.Fields));
    }

    [Fact]
    public async Task RunAsync_ObjectWithFieldsOrUpToDate_DoesNotDescribe()
    {
        var ctx = new OrchestrationContextMock(Now) { Activity = _marketo.HandleAsync };
        var withFields = new ObjectExportRequest(new ExportObject(ExportObjectKind.Leads) { Fields = ["id"] }, Fast, Since);
        _marketo.Checkpoints["activities"] = new ExportCheckpoint("activities") { HighWaterMark = Now.AddMinutes(-20) };
        var upToDate = new ObjectExportRequest(new ExportObject(ExportObjectKind.Activities), Fast, Since);

        await new ObjectExportOrchestrator().RunAsync(ctx.Object, withFields);
        await new ObjectExportOrchestrator().RunAsync(ctx.Object, upToDate);

        Assert.DoesNotContain(ActivityNames.DescribeExportFields, _marketo.Steps);
        Assert.All(_marketo.Creates, c => Assert.Equal(["id"], c.Object.Fields));
    }

    [Fact]
    public async Task RunAsync_CustomObjectMissing_FailsNamingItWithoutRetrying()
    {
        _marketo.Fault = (name, _) => name == ActivityNames.DescribeExportFields
            ? OrchestrationContextMock.Failure<ExportObjectNotFoundException>("custom object 'nope_c' does not exist in Marketo")
            : null;
        (_, Task<ObjectExportResult> run) = Start(kind: ExportObjectKind.CustomObject);

        TaskFailedException ex = await Assert.ThrowsAsync<TaskFailedException>(() => run);

        Assert.True(ex.FailureDetails.IsCausedBy<ExportObjectNotFoundException>());
        Assert.Single(_marketo.Steps, s => s == ActivityNames.DescribeExportFields);
        Assert.DoesNotContain(ActivityNames.CreateExportJob, _marketo.Steps);
    }

    [Fact]
    public async Task RunAsync_AuthenticationFailure_IsNotRetried()
    {
        _marketo.Fault = (name, _) => name == ActivityNames.ReadCheckpoint
            ? OrchestrationContextMock.Failure<MarketoAuthenticationException>("bad credentials")
            : null;
        (_, Task<ObjectExportResult> run) = Start();

        TaskFailedException ex = await Assert.ThrowsAsync<TaskFailedException>(() => run);

        Assert.True(ex.FailureDetails.IsCausedBy<MarketoAuthenticationException>());
        Assert.Single(_marketo.Steps);
    }
}
