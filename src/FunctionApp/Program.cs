using System.Text.Json;
using Azure.Core.Serialization;
using Azure.Identity;
using Azure.Monitor.OpenTelemetry.Exporter;
using MarketoExport.FunctionApp;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

// The isolated worker: ASP.NET Core integration for the HTTP API; the Durable extension registers itself.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Key Vault references the platform could not resolve reach the app as text: refuse the required ones now (naming
// them), switch off the optional feature whose secret is missing (the alert webhook) and say so in the log.
IReadOnlyList<string> switchedOff = KeyVaultReferences.Enforce(builder.Configuration);

// One JSON shape for orchestration inputs, outputs and custom status on every host: System.Text.Json web defaults.
builder.Services.Configure<WorkerOptions>(o => o.Serializer = new JsonObjectSerializer(new JsonSerializerOptions(JsonSerializerDefaults.Web)));

// The Marketo client, what to export, the one run planner and starter, the activities and the landing sink.
builder.Services.AddMarketoExport(builder.Configuration);

// Telemetry: the worker's OpenTelemetry integration (function invocations correlated with the host), the export's own
// spans and metrics (Marketo calls, runs), exported to Application Insights when its connection string is set.
IOpenTelemetryBuilder telemetry = builder.Services.AddOpenTelemetry()
    .UseFunctionsWorkerDefaults()
    .WithTracing(t => t.AddSource("MarketoExport*"))
    .WithMetrics(m => m.AddMeter("MarketoExport*"));
if (!string.IsNullOrWhiteSpace(builder.Configuration["APPLICATIONINSIGHTS_CONNECTION_STRING"]))
{
    // Key-based ingestion is off on the Application Insights resource: authenticate with the app's managed identity,
    // whose client id infra/bicep writes into APPLICATIONINSIGHTS_AUTHENTICATION_STRING ("ClientId=…;Authorization=AAD").
    string? clientId = AppInsightsIdentity.ClientId(builder.Configuration["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"]);
    telemetry.UseAzureMonitorExporter(o =>
    {
        if (clientId is not null)
        {
            o.Credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
    });
}

IHost app = builder.Build();
if (switchedOff.Count > 0)
{
    Log.OptionalFeatureOff(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("MarketoExport.FunctionApp"), KeyVaultReferences.DisabledMessage(switchedOff));
}

app.Run();
