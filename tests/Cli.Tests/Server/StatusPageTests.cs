using System.Buffers.Binary;
using System.Net;
using MarketoExport.Marketo.Simulator;
using MarketoExport.TestHelpers;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>The status page at / : its HTML, and a screenshot taken by headless Chromium over loopback.</summary>
public sealed class StatusPageTests
{
    private const string Chromium = "/usr/bin/chromium";

    // ~10 s: most of it is headless Chromium starting (about 7 s on a 2-core machine without D-Bus); one launch only.
    [Fact]
    public async Task StatusPage_AfterARun_ShowsProgressQuotaAndCallsAndRendersInChromium()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        await h.WaitForRunAsync();
        long records = h.Landed.Manifest().Sum(m => m.Records);

        using HttpResponseMessage page = await h.Http.GetAsync(new Uri("/", UriKind.Relative));
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<meta http-equiv=\"refresh\" content=\"5\">", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("export-run", html, StringComparison.Ordinal);
        Assert.Contains("<td>leads</td><td class=\"s-Completed\">Completed</td>", html, StringComparison.Ordinal);
        Assert.Contains($"<td class=\"n\">{records:N0}</td>", html, StringComparison.Ordinal);
        Assert.Contains("of 500 MiB", html, StringComparison.Ordinal);
        Assert.Contains("of 50,000", html, StringComparison.Ordinal);
        Assert.DoesNotContain("unavailable", html, StringComparison.Ordinal);
        Assert.DoesNotContain(SimulatorPresets.Fast().ClientSecret, html, StringComparison.Ordinal);

        Assert.True(File.Exists(Chromium),
            $"{Chromium} is missing: the status page test needs Debian's chromium package (apt-get update && apt-get install -y chromium).");
        string profile = Path.Combine(h.Root, "chromium-profile");
        string png = Path.Combine(h.Root, "status-page.png");
        using ChildProcess chromium = ChildProcess.Start(
            Chromium,
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile}", $"--screenshot={png}",
                "--window-size=1280,900", h.Server.BaseAddress.ToString(),
            ],
            name: "chromium");
        int exit = await chromium.WaitForExitAsync(TimeSpan.FromSeconds(60));

        Assert.True(File.Exists(png), $"chromium exited {exit} without a screenshot: {chromium.Output}");
        byte[] image = await File.ReadAllBytesAsync(png);
        Assert.True(image.Length > 10_000, $"screenshot is only {image.Length} bytes");
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], image[..4]);
        Assert.Equal(1280, BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(16, 4)));
        Assert.Equal(900, BinaryPrimitives.ReadInt32BigEndian(image.AsSpan(20, 4)));
        string artifacts = RepositoryFiles.Path("artifacts/screenshots");
        Directory.CreateDirectory(artifacts);
        File.Copy(png, Path.Combine(artifacts, "status-page.png"), overwrite: true);
    }

    [Fact]
    public async Task StatusPage_MarketoUsageFails_ShowsTheFailureInsteadOfThrowing()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        h.Control.AddFault(SimulatorFault.Error("601", count: null, pathContains: "/stats/usage"));
        h.Control.AddFault(SimulatorFault.Error("601", count: null, pathContains: "/bulk/v1/leads/export.json"));

        using HttpResponseMessage page = await h.Http.GetAsync(new Uri("/", UriKind.Relative));
        string html = await page.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("id=\"usage-error\"", html, StringComparison.Ordinal);
        Assert.Contains("API calls:", html, StringComparison.Ordinal);
        Assert.Contains("export bytes:", html, StringComparison.Ordinal);
        Assert.Contains("No runs yet", html, StringComparison.Ordinal);
    }
}
