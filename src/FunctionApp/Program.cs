using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using MarketoExport.Activities;
using MarketoExport.FunctionApp;
using MarketoExport.Marketo;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

// The isolated worker: ASP.NET Core integration for the HTTP API; the Durable extension registers itself.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Marketo client (options from the Marketo section; the secret is a Key Vault reference on Azure).
builder.Services.AddMarketoClient();

// Run plan (objects, settings, schedule) and the activities' own options, all validated at start-up.
builder.Services.AddOptions<ExportRunOptions>().BindConfiguration(ExportRunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ExportActivityOptions>().BindConfiguration(ExportActivityOptions.SectionName).ValidateOnStart();
builder.Services.AddOptions<LandingOptions>().BindConfiguration(LandingOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddSingleton<ExportRuns>();

// Landing: the blob container, reached with the app's managed identity (or an Azurite connection string locally).
builder.Services.AddSingleton(sp =>
{
    LandingOptions landing = sp.GetRequiredService<IOptions<LandingOptions>>().Value;
    if (!string.IsNullOrEmpty(landing.ConnectionString))
    {
        return new BlobContainerClient(landing.ConnectionString, landing.ContainerName);
    }

    TokenCredential credential = string.IsNullOrEmpty(landing.ClientId)
        ? new DefaultAzureCredential()
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(landing.ClientId));
    Uri service = new(landing.BlobServiceUri ?? throw new InvalidOperationException(
        "Landing:BlobServiceUri is missing. Set Landing__BlobServiceUri (or Landing__ConnectionString for Azurite)."));
    return new BlobServiceClient(service, credential).GetBlobContainerClient(landing.ContainerName);
});

// Checkpoint store and alert client. TODO(blob sink): register the Blob Storage ILandingSink over the container above
// before this call once src/Activities has it; until then this falls back to the local-folder sink.
builder.Services.AddExportActivities(landingFolder: Path.GetTempPath());

builder.Build().Run();
