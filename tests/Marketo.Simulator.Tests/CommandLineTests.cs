using MarketoExport.Marketo.Simulator.CommandLine;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public void TryParse_AllFlags_MapToOptions()
    {
        var ok = SimulatorCommandLine.TryParse(
            ["--urls", "http://127.0.0.1:5999", "--client-id", "id", "--client-secret=s", "--job-tick-seconds", "0.05", "--export-quota-mb", "7",
             "--seed", "9", "--leads", "10", "--activities", "20", "--program-members", "30", "--custom-object-records", "40", "--extra-custom-objects", "3",
             "--rate-limit-calls", "50", "--rate-limit-window-seconds", "5", "--max-concurrent-calls", "4", "--daily-call-quota", "99",
             "--legacy-query-token", "--no-updated-at-filter", "--standalone-co-export", "export-by-updated-at", "--job-processing-ticks", "3",
             "--data-start", "2025-01-01T00:00:00Z", "--data-end", "2025-02-01T00:00:00Z"],
            out var options, out var error, out var help);

        Assert.True(ok, error);
        Assert.False(help);
        Assert.Equal("http://127.0.0.1:5999", options.Urls);
        Assert.Equal("id", options.ClientId);
        Assert.Equal("s", options.ClientSecret);
        Assert.Equal(0.05, options.JobTickSeconds);
        Assert.Equal(7, options.ExportQuotaMb);
        Assert.Equal(9, options.Seed);
        Assert.Equal((10, 20L, 30L, 40L), (options.Leads, options.Activities, options.ProgramMembers, options.CustomObjectRecords));
        Assert.Equal(3, options.ExtraSyntheticCustomObjects);
        Assert.Equal(50, options.RateLimitCalls);
        Assert.Equal(TimeSpan.FromSeconds(5), options.RateLimitWindow);
        Assert.Equal(4, options.MaxConcurrentCalls);
        Assert.Equal(99, options.DailyCallQuota);
        Assert.True(options.AcceptLegacyQueryToken);
        Assert.False(options.UpdatedAtFilterSupported);
        Assert.Equal(StandaloneCustomObjectExportMode.ExportByUpdatedAt, options.StandaloneCustomObjectExport);
        Assert.Equal(3, options.JobProcessingTicks);
        Assert.Equal(new DateTimeOffset(2025, 2, 1, 0, 0, 0, TimeSpan.Zero), options.DataEnd);
    }

    [Fact]
    public void TryParse_DenyPermissionAndUnknownFieldCode_MapToOptions()
    {
        var ok = SimulatorCommandLine.TryParse(
            ["--deny-permission", "lead", "--deny-permission=custom-object-type", "--unknown-field-code", "1006"],
            out var options, out var error, out _);

        Assert.True(ok, error);
        Assert.Equal(SimulatorApiPermissions.Activity | SimulatorApiPermissions.CustomObject, options.ApiUserPermissions);
        Assert.Equal("1006", options.UnknownFieldErrorCode);
    }

    [Theory]
    [InlineData("--bogus", "Unknown flag")]
    [InlineData("--deny-permission leads", "custom-object")]
    [InlineData("--unknown-field-code 1004", "1003 or 1006")]
    [InlineData("--leads", "needs a value")]
    [InlineData("--leads abc", "integer")]
    [InlineData("--leads -1", "integer")]
    [InlineData("--job-tick-seconds 0", "positive")]
    [InlineData("--job-tick-seconds nope", "positive")]
    [InlineData("--standalone-co-export maybe", "reject")]
    [InlineData("--data-start 2026-02-01 --data-end 2026-01-01", "data-end")]
    public async Task RunAsync_BadFlag_Exit2WithMessage(string args, string mentions)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SimulatorCli.RunAsync(args.Split(' '), output, error, CancellationToken.None);

        Assert.Equal(2, code);
        Assert.Contains(mentions, error.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("--help", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Help_PrintsUsageAndExits0()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await SimulatorCli.RunAsync(["--help"], output, error, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Contains("--job-tick-seconds", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_Started_PrintsBaseUrlAndClientIdButNotSecret()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var stop = new CancellationTokenSource();
        var printed = new TaskCompletionSource();
        using var watcher = new SignalingWriter(output, "Ctrl+C", printed);

        var run = SimulatorCli.RunAsync(["--urls", "http://127.0.0.1:0", "--client-secret", "top-secret-value"], watcher, error, stop.Token);
        await printed.Task.WaitAsync(TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        var code = await run;

        Assert.Equal(0, code);
        Assert.Matches(@"listening on http://127\.0\.0\.1:\d+", output.ToString());
        Assert.Contains("client id: sim-client-id", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("top-secret-value", output.ToString() + error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_InvalidOption_ThrowsNamingIt()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SimulatorHost.StartAsync(new SimulatorOptions { JobTickSeconds = 0 }));

        Assert.Contains("JobTickSeconds", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartAsync_UnknownFieldCodeNot1003Or1006_ThrowsNamingIt()
    {
        var e = await Assert.ThrowsAsync<ArgumentException>(() => SimulatorHost.StartAsync(new SimulatorOptions { UnknownFieldErrorCode = "609" }));

        Assert.Contains("UnknownFieldErrorCode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisposeAsync_Twice_DoesNotThrow()
    {
        var sut = await SimulatorHost.StartAsync(new SimulatorOptions());

        await sut.DisposeAsync();
        var second = await Record.ExceptionAsync(() => sut.DisposeAsync().AsTask());

        Assert.Null(second);
    }

    private sealed class SignalingWriter(TextWriter inner, string marker, TaskCompletionSource signal) : TextWriter
    {
        public override System.Text.Encoding Encoding => inner.Encoding;

        public override void Write(char value) => inner.Write(value);

        public override Task WriteLineAsync(string? value)
        {
            inner.WriteLine(value);
            if (value?.Contains(marker, StringComparison.Ordinal) == true)
            {
                signal.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }
}
