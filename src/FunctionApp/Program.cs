using MarketoExport.Activities;
using MarketoExport.Activities.Landing;
using MarketoExport.FunctionApp;
using MarketoExport.Marketo;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The isolated worker: ASP.NET Core integration for the HTTP API; the Durable extension registers itself.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

// Marketo client (options from the Marketo section; the secret is a Key Vault reference on Azure).
builder.Services.AddMarketoClient();

// Run plan (objects, settings, schedule) and the activities' options, validated at start-up.
builder.Services.AddOptions<ExportRunOptions>().BindConfiguration(ExportRunOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
builder.Services.AddOptions<ExportActivityOptions>().BindConfiguration(ExportActivityOptions.SectionName).ValidateOnStart();
builder.Services.AddSingleton<ExportRuns>();

// Checkpoint store and alert client, then the landing sink from the Landing section: on Azure the blob container
// with the app's managed identity (Landing__Kind=blob, written by infra/bicep). No folder default: a missing
// Landing section fails at start-up instead of landing files on an instance's temporary disk.
builder.Services.AddExportActivities(landingFolder: Path.GetTempPath());
builder.Services.AddLandingSink(builder.Configuration, defaultFolder: null);

builder.Build().Run();
