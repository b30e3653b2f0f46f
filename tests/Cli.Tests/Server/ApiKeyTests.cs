using System.Net;
using System.Text;
using MarketoExport.Cli.Server;
using MarketoExport.TestHelpers;
using Spectre.Console;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>The API key rule: with a key every endpoint but /healthz needs x-api-key; a non-loopback bind needs a key.</summary>
public sealed class ApiKeyTests
{
    private const string Key = "test-key-0123456789abcdef";

    [Fact]
    public async Task Requests_WithAConfiguredKey_NeedTheHeaderExceptHealthz()
    {
        await using ServerHarness h = await ServerHarness.StartAsync(
            new ServerOptions { Urls = ["http://127.0.0.1:0"], ApiKey = Key, Schedule = null, ScheduleText = "off" });

        using HttpResponseMessage none = await h.Http.GetAsync(new Uri("/api/exports", UriKind.Relative));
        using HttpResponseMessage page = await h.Http.GetAsync(new Uri("/", UriKind.Relative));
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), null);
        using HttpResponseMessage health = await h.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var wrongRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/exports", UriKind.Relative));
        wrongRequest.Headers.Add("x-api-key", Key + "x");
        using HttpResponseMessage wrong = await h.Http.SendAsync(wrongRequest);
        using var rightRequest = new HttpRequestMessage(HttpMethod.Get, new Uri("/api/exports", UriKind.Relative));
        rightRequest.Headers.Add("x-api-key", Key);
        using HttpResponseMessage right = await h.Http.SendAsync(rightRequest);

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        string noneBody = await none.Content.ReadAsStringAsync();
        Assert.Contains("x-api-key", noneBody, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, noneBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, page.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, start.StatusCode);
        Assert.Null(await h.Client.GetInstanceAsync("export-run"));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("does not match", await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5080")]
    [InlineData("http://*:5080")]
    [InlineData("http://+:5080")]
    [InlineData("http://192.168.1.20:5080")]
    [InlineData("http://127.0.0.1:5080;http://[::]:5080")]
    public async Task Serve_NonLoopbackUrlWithoutKey_RefusesToStartWithExit2(string urls)
    {
        using var folder = new CliHarness();
        var output = new StringWriter(new StringBuilder());
        IAnsiConsole console = PlainConsole.Create(output);

        int exit = await ExportCli.RunAsync(["serve", "--urls", urls, "--out", folder.Landing, "--state", folder.State], console);

        Assert.Equal(ExitCodes.BadOptions, exit);
        Assert.Contains("needs an API key", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("--api-key", output.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(folder.State));
    }
}
