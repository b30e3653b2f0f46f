using MarketoExport.Activities.Checkpoints;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Server;
using MarketoExport.Marketo;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>Entry point of the command line: parses, opens the runtime, dispatches, maps failures to exit codes.</summary>
public static class ExportCli
{
    /// <summary>Runs one invocation; returns the process exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where output goes.</param>
    /// <param name="simulatorOptions">Simulator overrides (tests); null for the demo defaults.</param>
    /// <param name="onSimulatorStarted">Called with the in-process simulator once it listens (tests inject faults here).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static async Task<int> RunAsync(
        string[] args,
        IAnsiConsole console,
        SimulatorOptions? simulatorOptions = null,
        Action<SimulatorHost>? onSimulatorStarted = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(console);
        HostOptions options;
        ServerOptions? server = null;
        LandingSinkOptions landing;
        try
        {
            (options, IConfiguration configuration) = HostOptionsParser.Parse(args ?? []);
            if (options.Command == HostCommand.Serve)
            {
                server = ServerOptions.FromConfiguration(configuration);
            }

            // Landing:Kind folder (the folder is --out) | blob (Landing:Blob:*); checked here, before anything starts.
            landing = LandingSinkOptions.FromConfiguration(configuration);
            if (landing.Validate() is { Count: > 0 } landingErrors)
            {
                throw new LandingConfigurationException(string.Join(" ", landingErrors));
            }
        }
        catch (Exception ex) when (ex is HostOptionException or LandingConfigurationException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.BadOptions;
        }

        if (options.Command == HostCommand.Help)
        {
            console.WriteLine(HostOptionsParser.Usage);
            return ExitCodes.Success;
        }

        try
        {
            bool readOnly = options.DryRun || options.Command == HostCommand.Checkpoints;
            await using ExportRuntime runtime = await ExportRuntime.OpenAsync(
                options, writeLogs: !readOnly, simulatorOptions, services =>
                {
                    services.AddLandingSink(landing with { Folder = options.Out }, defaultFolder: options.Out);
                    if (server is not null)
                    {
                        ExportServer.ConfigureRuntimeServices(services);
                    }
                });
            if (runtime.Simulator is { } sim)
            {
                onSimulatorStarted?.Invoke(sim);
                console.MarkupLine($"[yellow]No Marketo configured:[/] using the built-in simulator at {Markup.Escape(sim.BaseUrl.ToString())} (fast job clock, fast polling).");
                console.MarkupLine("[grey]Set Marketo__BaseUrl, Marketo__ClientId and Marketo__ClientSecret to export from a real instance.[/]");
            }
            else
            {
                console.MarkupLine($"Marketo: {Markup.Escape(options.MarketoBaseUrl!)} (Marketo-paced polling: first status check after {runtime.Settings.PollFirstDelay.TotalSeconds:0.#} s).");
            }

            return options.Command switch
            {
                HostCommand.Provision => await ProvisionCommand.RunAsync(runtime, console, cancellationToken),
                HostCommand.Checkpoints => await CheckpointsCommand.RunAsync(runtime, console, cancellationToken),
                HostCommand.Serve => await ServeCommand.RunAsync(runtime, server!, console, cancellationToken),
                _ => await RunCommand.RunAsync(runtime, console, cancellationToken),
            };
        }
        catch (HostOptionException ex)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message)}");
            return ExitCodes.BadOptions;
        }
        catch (OptionsValidationException ex)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(string.Join(" ", ex.Failures))}");
            return ExitCodes.BadOptions;
        }
        catch (MarketoDailyQuotaExceededException ex)
        {
            console.MarkupLine($"[yellow]Stopped:[/] Marketo's daily API call quota (607) is used up; resumes at {ex.ResetsAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (midnight America/Chicago). Run again after that.");
            return ExitCodes.QuotaExhausted;
        }
        catch (MarketoExportQuotaExceededException ex)
        {
            console.MarkupLine($"[yellow]Stopped:[/] Marketo's daily export quota (1029) is used up; resumes at {ex.ResetsAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (midnight America/Chicago). Run again after that.");
            return ExitCodes.QuotaExhausted;
        }
        catch (Exception ex) when (ex is MarketoApiException or MarketoAuthenticationException or MarketoUnreachableException or MarketoHttpException or CheckpointStoreException)
        {
            console.MarkupLine($"[red]error:[/] {Markup.Escape(ex.Message.ReplaceLineEndings(" "))}");
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.MarkupLine("[yellow]Interrupted.[/] The run's progress is in the state database; `run` again resumes it.");
            return ExitCodes.Failed;
        }
    }
}
