using System.Text.Json;
using MarketoExport.Orchestrations.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MarketoExport.Activities.Tests;

public sealed class SendAlertActivityTests
{
    private static readonly AlertRequest Alert = new("export-run", "leads: Marketo refused the credentials", ["leads"], new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));

    [Fact]
    public async Task RunAsync_WebhookConfigured_PostsTheAlertAsJson()
    {
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        await using WebApplication webhook = builder.Build();
        webhook.MapPost("/hook", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            received.SetResult(await reader.ReadToEndAsync());
            return Results.Ok();
        });
        await webhook.StartAsync();
        string url = webhook.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        SendAlertActivity sut = CreateSut(url);

        bool posted = await sut.RunAsync(Alert, default);

        Assert.True(posted);
        using JsonDocument body = JsonDocument.Parse(await received.Task);
        Assert.Equal("export-run", body.RootElement.GetProperty("runId").GetString());
        Assert.Contains("credentials", body.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NoWebhook_LogsOnlyAndReturnsFalse()
    {
        SendAlertActivity sut = CreateSut(null);

        bool posted = await sut.RunAsync(Alert, default);

        Assert.False(posted);
    }

    private static SendAlertActivity CreateSut(string? url)
    {
        var services = new ServiceCollection();
        services.AddHttpClient();
        ServiceProvider sp = services.BuildServiceProvider();
        return new SendAlertActivity(
            sp.GetRequiredService<IHttpClientFactory>(),
            Options.Create(new ExportActivityOptions { AlertWebhookUrl = url }),
            NullLogger<SendAlertActivity>.Instance,
            ActivityEnvironment.Unknown);
    }
}
