using Cronos;
using MarketoExport.Cli.Server;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Management.Runs;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>The cron schedule on a fake clock, with the real engine and simulator.</summary>
public sealed class ExportSchedulerTests
{
    private static readonly DateTimeOffset OneAm = new(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Schedule_AdvanceTo0200_StartsOneRunAndSkipsAnOverlappingTick()
    {
        var clock = new FakeTimeProvider(OneAm);
        var options = new ServerOptions { Urls = ["http://127.0.0.1:0"], Schedule = CronExpression.Parse("0 2 * * *"), ScheduleText = "0 2 * * *" };
        await using ServerHarness h = await ServerHarness.StartAsync(options, clock);
        ExportScheduler scheduler = h.Server.Scheduler;
        DateTimeOffset first = OneAm.AddHours(1);
        await scheduler.WaitForStateAsync(s => s.WaitingFor == first, ServerHarness.Bound());
        Assert.Null(await h.Client.GetInstanceAsync("export-run"));
        using SimulatorGate gate = h.Control.Hold("/file.json");

        clock.Advance(TimeSpan.FromHours(1));
        await scheduler.WaitForStateAsync(s => s.Ticks.Count == 1, ServerHarness.Bound());
        OrchestrationMetadata started = (await h.Client.GetInstanceAsync("export-run"))!;
        await scheduler.WaitForStateAsync(s => s.WaitingFor == first.AddDays(1), ServerHarness.Bound());
        clock.Advance(TimeSpan.FromDays(1));
        await scheduler.WaitForStateAsync(s => s.Ticks.Count == 2, ServerHarness.Bound());
        OrchestrationMetadata stillSame = (await h.Client.GetInstanceAsync("export-run"))!;
        gate.Release();
        OrchestrationMetadata done = await h.WaitForRunAsync();

        Assert.Equal(new ScheduleTick(first, StartRunOutcome.Started), scheduler.Ticks[0]);
        Assert.True(started.RuntimeStatus is OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running, $"the run is {started.RuntimeStatus}");
        Assert.Equal(new ScheduleTick(first.AddDays(1), StartRunOutcome.AlreadyRunning), scheduler.Ticks[1]);
        Assert.Equal(started.CreatedAt, stillSame.CreatedAt);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(2, h.Control.GetJobs().Count);
    }

    [Fact]
    public async Task Schedule_InChicagoTimeZone_WaitsFor0200Central()
    {
        var clock = new FakeTimeProvider(OneAm);
        ServerOptions options = ServerOptions.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Server:Urls"] = "http://127.0.0.1:0",
            ["Export:ScheduleTimeZone"] = "America/Chicago",
        }).Build());
        await using ServerHarness h = await ServerHarness.StartAsync(options, clock);

        // 02:00 CST (UTC-6 in November) is 08:00 UTC.
        await h.Server.Scheduler.WaitForStateAsync(s => s.WaitingFor is not null, ServerHarness.Bound());

        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), h.Server.Scheduler.WaitingFor);
    }
}
