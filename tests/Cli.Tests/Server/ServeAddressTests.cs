using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using MarketoExport.Cli.Server;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>
/// serve's addresses (HTTPS with a configured certificate, a path base, an IPv4-mapped loopback), HEAD requests and
/// the API key as HTTP Basic password for a browser: each answers as documented, never a crash.
/// </summary>
public sealed class ServeAddressTests
{
    private const string Key = "test-key-0123456789abcdef";

    [Theory]
    [InlineData("https://127.0.0.1:0", "an https:// address needs a certificate")]
    [InlineData("http://127.0.0.1:0/a;http://127.0.0.1:0/b", "the server has one path base")]
    [InlineData("http://127.0.0.1:0/a?x=1", "has a query")]
    public async Task Serve_UnservableUrls_Exit2NamingUrlsAndTheFixWithoutStarting(string urls, string expected)
    {
        using var folder = new CliHarness();
        var output = new StringWriter(new StringBuilder());
        bool simulatorStarted = false;

        int exit = await ExportCli.RunAsync(
            ["serve", "--urls", urls, "--out", folder.Landing, "--state", folder.State], PlainConsole.Create(output), SimulatorPresets.Fast(), _ => simulatorStarted = true);

        Assert.True(exit == ExitCodes.BadOptions, output.ToString());
        Assert.Contains("--urls (Server:Urls)", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(expected, output.ToString(), StringComparison.Ordinal);
        Assert.False(simulatorStarted);
        Assert.False(File.Exists(folder.State));
    }

    [Fact]
    public async Task Serve_HttpsWithAConfiguredCertificate_AnswersOverTls()
    {
        using var folder = new CliHarness();
        using X509Certificate2 certificate = SelfSigned();
        string pfx = Path.Combine(folder.Root, "server.pfx");
        await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password-1"));
        ServerOptions options = ServerOptions.FromConfiguration(Config(
            ("Server:Urls", "https://127.0.0.1:0"), ("Server:Certificate:Path", pfx), ("Server:Certificate:Password", "pfx-password-1"), ("Export:Schedule", "off")));

        await using ServerHarness h = await ServerHarness.StartAsync(options);
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = (_, c, _, _) => c?.Thumbprint == certificate.Thumbprint };
        using var https = new HttpClient(handler) { BaseAddress = h.Server.BaseAddress };
        using HttpResponseMessage health = await https.GetAsync(new Uri("healthz", UriKind.Relative));
        using HttpResponseMessage list = await https.GetAsync(new Uri("api/exports", UriKind.Relative));

        Assert.Equal("https", h.Server.BaseAddress.Scheme);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
    }

    [Fact]
    public void FromConfiguration_CertificateWithAWrongPassword_RefusedWithoutShowingThePassword()
    {
        using var folder = new CliHarness();
        using X509Certificate2 certificate = SelfSigned();
        string pfx = Path.Combine(folder.Root, "server.pfx");
        File.WriteAllBytes(pfx, certificate.Export(X509ContentType.Pfx, "right-password"));

        CliOptionException ex = Assert.Throws<CliOptionException>(() => ServerOptions.FromConfiguration(Config(
            ("Server:Urls", "https://127.0.0.1:0"), ("Server:Certificate:Path", pfx), ("Server:Certificate:Password", "wrong-password-XYZ"))));

        Assert.Contains("--certificate (Server:Certificate:Path)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Server:Certificate:Password", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-password-XYZ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_UnderAPathBase_ServesEverythingThereAndLinksIncludeIt()
    {
        ServerOptions options = ServerOptions.FromConfiguration(Config(("Server:Urls", "http://127.0.0.1:0/export/"), ("Export:Schedule", "off")));
        await using ServerHarness h = await ServerHarness.StartAsync(options);

        using HttpResponseMessage health = await h.Http.GetAsync(new Uri("healthz", UriKind.Relative));
        using HttpResponseMessage outside = await h.Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using HttpResponseMessage start = await h.Http.PostAsync(new Uri("api/exports", UriKind.Relative), null);
        await h.WaitForRunAsync();
        using HttpResponseMessage page = await h.Http.GetAsync(new Uri(string.Empty, UriKind.Relative));

        Assert.Equal("/export", options.PathBase);
        Assert.EndsWith("/export/", h.Server.BaseAddress.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
        Assert.Contains("served under '/export'", await outside.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("/export/api/exports/export-run", start.Headers.Location!.AbsolutePath);
        Assert.Contains("<code>/export/api/exports</code>", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_OnAnIpv4MappedLoopback_IsLoopbackWithoutAKeyAndListens()
    {
        ServerOptions options = ServerOptions.FromConfiguration(Config(("Server:Urls", "http://[::ffff:127.0.0.1]:0"), ("Export:Schedule", "off")));
        await using ServerHarness h = await ServerHarness.StartAsync(options);

        using HttpResponseMessage health = await h.Http.GetAsync(new Uri("healthz", UriKind.Relative));

        Assert.Null(options.ApiKey);
        Assert.Equal(["http://127.0.0.1:0"], options.Urls);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.True(ServerOptions.IsLoopback("http://[::ffff:127.0.0.1]:5080", out _));
        Assert.False(ServerOptions.IsLoopback("http://[::ffff:10.0.0.1]:5080", out _));
    }

    [Fact]
    public async Task StatusPage_WithAnApiKey_OpensInABrowserWithBasicAuthAndAnswersHead()
    {
        await using ServerHarness h = await ServerHarness.StartAsync(
            new ServerOptions { Urls = ["http://127.0.0.1:0"], ApiKey = Key, Schedule = null, ScheduleText = "off" });

        using HttpResponseMessage challenge = await h.Http.GetAsync(new Uri("/", UriKind.Relative));
        using HttpResponseMessage page = await SendAsync(h, HttpMethod.Get, "/", new AuthenticationHeaderValue("Basic", Basic("anyone", Key)));
        using HttpResponseMessage wrong = await SendAsync(h, HttpMethod.Get, "/", new AuthenticationHeaderValue("Basic", Basic("anyone", Key + "x")));
        using HttpResponseMessage head = await SendAsync(h, HttpMethod.Head, "/", new AuthenticationHeaderValue("Basic", Basic("me", Key)));
        using HttpResponseMessage headHealth = await SendAsync(h, HttpMethod.Head, "/healthz", null);
        using HttpResponseMessage api = await SendAsync(h, HttpMethod.Get, "/api/exports", new AuthenticationHeaderValue("Basic", Basic("script", Key)));

        Assert.Equal(HttpStatusCode.Unauthorized, challenge.StatusCode);
        Assert.Contains(challenge.Headers.WwwAuthenticate, v => v.Scheme == "Basic" && v.Parameter!.Contains("realm=\"marketo-export\"", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.DoesNotContain(Key, await wrong.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync());
        Assert.Equal(HttpStatusCode.OK, headHealth.StatusCode);
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(ServerHarness h, HttpMethod method, string path, AuthenticationHeaderValue? auth)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = auth;
        return await h.Http.SendAsync(request);
    }

    private static string Basic(string user, string password) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
