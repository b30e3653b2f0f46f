using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Marketo.Simulator.Tests;

/// <summary>A simulator on loopback with a fake clock, and a raw-JSON HttpClient against it.</summary>
internal sealed class SimulatorSession : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    private SimulatorSession(SimulatorHost host, FakeTimeProvider time, SimulatorOptions options)
    {
        Host = host;
        Time = time;
        Options = options;
        Http = new HttpClient { BaseAddress = host.BaseUrl };
    }

    public SimulatorHost Host { get; }

    public FakeTimeProvider Time { get; }

    public SimulatorOptions Options { get; }

    public HttpClient Http { get; }

    public SimulatorControl Control => Host.Control;

    public static async Task<SimulatorSession> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var time = new FakeTimeProvider(Start);
        var options = new SimulatorOptions
        {
            TimeProvider = time,
            Leads = 200,
            Activities = 400,
            ProgramMembers = 100,
            CustomObjectRecords = 100,
            RateLimitCalls = 10_000,
            JobTickSeconds = 60,
        };
        configure?.Invoke(options);
        var host = await SimulatorHost.StartAsync(options);
        return new SimulatorSession(host, time, options);
    }

    /// <summary>Advances the fake clock by one job tick.</summary>
    public void Tick(int ticks = 1)
    {
        for (var i = 0; i < ticks; i++)
        {
            Time.Advance(TimeSpan.FromSeconds(Options.JobTickSeconds));
        }
    }

    public async Task<string> TokenAsync()
    {
        using var response = await Http.GetAsync($"/identity/oauth/token?grant_type=client_credentials&client_id={Options.ClientId}&client_secret={Options.ClientSecret}");
        response.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var token = doc.RootElement.GetProperty("access_token").GetString()!;
        Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return token;
    }

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return await ReadAsync(response);
    }

    public async Task<JsonElement> PostJsonAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        return await ReadAsync(response);
    }

    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response)
    {
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return doc.RootElement.Clone();
    }

    public static string ErrorCode(JsonElement envelope)
    {
        Assert.False(envelope.GetProperty("success").GetBoolean(), envelope.GetRawText());
        return envelope.GetProperty("errors")[0].GetProperty("code").GetString()!;
    }

    public static string ErrorMessage(JsonElement envelope) => envelope.GetProperty("errors")[0].GetProperty("message").GetString()!;

    public static JsonElement First(JsonElement envelope)
    {
        Assert.True(envelope.GetProperty("success").GetBoolean(), envelope.GetRawText());
        return envelope.GetProperty("result")[0];
    }

    // ---- bulk export helpers ----

    public static string Root(string entity) => "/bulk/v1/" + entity + "/export";

    public async Task<string> CreateAsync(string entity, string body)
    {
        var created = First(await PostJsonAsync(Root(entity) + "/create.json", body));
        Assert.Equal("Created", created.GetProperty("status").GetString());
        return created.GetProperty("exportId").GetString()!;
    }

    public async Task<JsonElement> EnqueueAsync(string entity, string exportId) =>
        await PostJsonAsync($"{Root(entity)}/{exportId}/enqueue.json");

    public async Task<JsonElement> StatusAsync(string entity, string exportId) =>
        First(await GetJsonAsync($"{Root(entity)}/{exportId}/status.json"));

    /// <summary>Create, enqueue, tick until Completed; returns the completed status.</summary>
    public async Task<(string ExportId, JsonElement Status)> ExportAsync(string entity, string body)
    {
        var id = await CreateAsync(entity, body);
        First(await EnqueueAsync(entity, id));
        for (var i = 0; i < 10; i++)
        {
            Tick();
            var status = await StatusAsync(entity, id);
            if (status.GetProperty("status").GetString() is "Completed" or "Failed" or "Cancelled")
            {
                return (id, status);
            }
        }

        throw new InvalidOperationException("job did not finish in 10 ticks");
    }

    public async Task<byte[]> DownloadAsync(string entity, string exportId)
    {
        using var response = await Http.GetAsync($"{Root(entity)}/{exportId}/file.json");
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsByteArrayAsync();
    }

    public static string Window(string key, string start, string end) =>
        "{\"" + key + "\":{\"startAt\":\"" + start + "\",\"endAt\":\"" + end + "\"}}";

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
