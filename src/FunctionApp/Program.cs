using MarketoExport.FunctionApp;
using MarketoExport.Marketo;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The isolated worker: ASP.NET Core integration for the HTTP API; the Durable extension registers itself.
FunctionsApplicationBuilder builder = FunctionsApplication.CreateBuilder(args);
builder.ConfigureFunctionsWebApplication();

builder.Services.AddMarketoClient();
builder.Services.AddOptions<ExportRunOptions>()
    .BindConfiguration(ExportRunOptions.SectionName)
    .ValidateDataAnnotations()
    .ValidateOnStart();
builder.Services.AddSingleton<ExportRuns>();

builder.Build().Run();
