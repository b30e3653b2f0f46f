using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using MarketoExport.Cli.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Server;
using MarketoExport.Durable.AzureStorage;
using MarketoExport.Durable.Sqlite;
using MarketoExport.Management.Plan;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// Entry point of <c>marketo-export</c>: parses with <see cref="CliCommandLine"/> (System.CommandLine), reads and
/// checks the settings and the local paths before anything starts, opens the runtime, runs the command and maps
/// every failure to an exit code and a message that names the cause and the fix (never a stack trace).
/// </summary>
public static class ExportCli
{
    /// <summary>Runs one invocation; returns the process exit code.</summary>
    /// <param name="args">Command-line arguments.</param>
    /// <param name="console">Where output (and errors) go.</param>
    /// <param name="simulatorOptions">Simulator overrides (tests); null for the demo defaults.</param>
    /// <param name="onSimulatorStarted">Called with the in-process simulator once it listens (tests inject faults here).</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    public static Task<int> RunAsync(
        string[] args,
        IAnsiConsole console,
        SimulatorOptions? simulatorOptions = null,
        Action<SimulatorHost>? onSimulatorStarted = null,
        CancellationToken cancellationToken = default)
        => RunAsync(args, new CliEnvironment(console) { SimulatorOptions = simulatorOptions, OnSimulatorStarted = onSimulatorStarted }, cancellationToken);

    /// <summary>Runs one invocation in <paramref name="environment"/>; returns the process exit code.</summary>
    public static async Task<int> RunAsync(string[] args, CliEnvironment environment, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var output = new CliOutput(environment.Console, environment.Error ?? environment.Console);
        CliCommandLine? syntax = null;
        syntax = new CliCommandLine((kind, parse, token) => InvokeAsync(kind, parse, syntax!, environment, output, token));
        ParseResult parse = syntax.Parse(args ?? []);
        if (parse.Errors.Count > 0 && parse.Action is ParseErrorAction)
        {
            foreach (string line in syntax.DescribeErrors(parse))
            {
                output.Fail(line);
            }

            output.Error.MarkupLine($"[grey]{Markup.Escape(CliCommandLine.HelpHint(parse))}[/]");

            return Finish(ExitCodes.BadOptions, parse, syntax, output);
        }

        var invocation = new InvocationConfiguration
        {
            Output = environment.Console.Profile.Out.Writer,
            Error = output.Error.Profile.Out.Writer,
            EnableDefaultExceptionHandler = false,

            // Ctrl+C is the caller's (Program.cs cancels the token): the command stops cleanly and says how to resume.
            ProcessTerminationTimeout = null,
        };
        int exit;
        try
        {
            exit = await parse.InvokeAsync(invocation, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Warn("Interrupted. The run's progress is in the state database; the same command resumes it.");
            exit = ExitCodes.Interrupted;
        }

        return Finish(exit, parse, syntax, output);
    }

    /// <summary>
    /// With <c>--json</c>, standard output carries one JSON document whatever happens: a command that ended before
    /// writing its own (a refused option, a failure before the run, Ctrl+C) writes an <see cref="ErrorReport"/>.
    /// </summary>
    private static int Finish(int exit, ParseResult parse, CliCommandLine syntax, CliOutput output)
    {
        bool jsonAsked = output.Json || parse.GetResult(syntax.Json) is { Implicit: false };
        if (jsonAsked && !output.JsonWritten && exit != ExitCodes.Success)
        {
            output.WriteJson(new ErrorReport(CommandPath(parse), ErrorReport.StatusOf(exit), exit, output.LastMessage ?? $"exit code {exit}"), CliJsonContext.Default.ErrorReport);
        }

        return exit;
    }

    /// <summary>The command as typed, without the executable: <c>run</c>, <c>checkpoints set</c>.</summary>
    private static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (SymbolResult? result = parse.CommandResult; result is CommandResult command && command != parse.RootCommandResult; result = command.Parent)
        {
            names.Insert(0, command.Command.Name);
        }

        return names.Count == 0 ? parse.RootCommandResult.Command.Name : string.Join(' ', names);
    }

    private static async Task<int> InvokeAsync(
        CliCommand command, ParseResult parse, CliCommandLine syntax, CliEnvironment environment, CliOutput output, CancellationToken cancellationToken)
    {
        string cwd = environment.WorkingDirectory ?? Directory.GetCurrentDirectory();
        CliOptions options;
        ServerOptions? server = null;
        LandingSinkOptions landing;
        try
        {
            (options, IConfiguration configuration) = CliConfiguration.Read(syntax, parse, command, cwd);
            output.Json = options.Json;
            output.Verbosity = options.Verbosity;
            if (command == CliCommand.Serve)
            {
                server = ServerOptions.FromConfiguration(configuration);
            }

            // Landing:Kind folder (the folder is --out) | blob (Landing:Blob:*); checked here, before anything starts.
            landing = LandingSinkOptions.FromConfiguration(configuration);
            if (landing.Validate() is { Count: > 0 } landingErrors)
            {
                throw new LandingConfigurationException(string.Join(" ", landingErrors));
            }

            CheckPaths(options, landing, cwd);
            if (command is CliCommand.Run or CliCommand.Backfill)
            {
                // The plan's bounds and size, refused before the simulator or any Marketo call (the run plans again, the same way).
                new ExportRunPlanner(TimeProvider.System).Plan(ExportRuntime.DefaultsFor(options), request: null, PlanFieldNames.Cli);
            }

            if (options.UsesEngine || command is CliCommand.CheckpointsSet or CliCommand.CheckpointsReset)
            {
                StateLock.ThrowIfHeld(Path.GetFullPath(options.State, cwd));
            }
        }
        catch (Exception ex) when (ex is CliOptionException or LandingConfigurationException or ExportPlanException)
        {
            output.Fail(ex.Message);
            return ExitCodes.BadOptions;
        }
        catch (StateInUseException ex)
        {
            output.Fail(ex.Message);
            return ExitCodes.Failed;
        }

        try
        {
            bool readOnly = options.DryRun || command is CliCommand.Checkpoints or CliCommand.Check or CliCommand.Discover;
            await using ExportRuntime runtime = await ExportRuntime.OpenAsync(
                options, writeLogs: !readOnly, environment.SimulatorOptions, services =>
                {
                    services.AddLandingSink(landing with { Folder = options.Out }, defaultFolder: options.Out);
                    if (server is not null || (options.Telemetry.Enabled && options.UsesEngine))
                    {
                        ExportServer.ConfigureRuntimeServices(services);
                    }
                },
                options.Verbosity == CliVerbosity.Verbose ? line => output.Error.WriteLine(line) : null);
            Introduce(runtime, options, environment, output);
            return command switch
            {
                CliCommand.Provision => await ProvisionCommand.RunAsync(runtime, output, cancellationToken),
                CliCommand.Checkpoints => await CheckpointsCommand.RunAsync(runtime, output, cancellationToken),
                CliCommand.CheckpointsSet or CliCommand.CheckpointsReset => await CheckpointsCommand.ChangeAsync(runtime, output, environment.Confirm, cancellationToken),
                CliCommand.Serve => await ServeCommand.RunAsync(runtime, server!, output, cancellationToken),
                CliCommand.Run or CliCommand.Backfill => await RunCommand.RunAsync(runtime, output, cancellationToken),
                CliCommand.Check => await CheckCommand.RunAsync(runtime, output, cancellationToken),
                CliCommand.Discover => await DiscoverCommand.RunAsync(runtime, output, cancellationToken),
                _ => throw new InvalidOperationException($"No handler for {command}."),
            };
        }
        catch (CliOptionException ex)
        {
            output.Fail(ex.Message);
            return ExitCodes.BadOptions;
        }
        catch (OptionsValidationException ex)
        {
            output.Fail(string.Join(" ", ex.Failures));
            return ExitCodes.BadOptions;
        }
        catch (StateInUseException ex)
        {
            output.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (DatabaseLockedException ex)
        {
            output.Fail(StateLock.From(ex).Message);
            return ExitCodes.Failed;
        }
        catch (MarketoQuotaExceededException ex)
        {
            output.Result($"[yellow]Stopped:[/] Marketo's {ex.QuotaName} is used up; resumes at {ex.ResetsAt.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (midnight America/Chicago). Run again after that.");
            return ExitCodes.QuotaExhausted;
        }
        catch (MarketoAuthenticationException ex)
        {
            output.Fail($"Marketo refused the credentials: {ex.Message} Check Marketo__ClientId and Marketo__ClientSecret (Admin > LaunchPoint > View Details).");
            return ExitCodes.Failed;
        }
        catch (MarketoUnreachableException ex)
        {
            output.Fail($"Marketo could not be reached: {ex.Message} Check Marketo__BaseUrl (Admin > Web Services > REST API endpoint, without /rest) and the network.");
            return ExitCodes.Failed;
        }
        catch (Exception ex) when (ex is MarketoApiException or MarketoHttpException or CheckpointStoreException or WorkerIdInUseException or TaskHubUnavailableException)
        {
            output.Fail(ex.Message);
            return ExitCodes.Failed;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            output.Warn("Interrupted. The run's progress is in the state database; the same command resumes it.");
            return ExitCodes.Interrupted;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A disk that fills up or a folder whose permissions changed under a run: say which, no stack trace.
            output.Fail($"{ex.Message} Check the landing folder (--out) and the state file (--state); the next run resumes from the last checkpoint.");
            return ExitCodes.Failed;
        }
    }

    /// <summary>
    /// The paths a command writes, before anything starts. A dry run and the read-only commands write nothing, but
    /// a dry run still says now what the real run would hit.
    /// </summary>
    private static void CheckPaths(CliOptions options, LandingSinkOptions landing, string cwd)
    {
        if (options.Command is CliCommand.Run or CliCommand.Backfill or CliCommand.Serve)
        {
            if (landing.Kind == LandingKind.Folder)
            {
                LocalPaths.CheckFolder(options.Out, "--out (Export:Out)", cwd);
            }

            LocalPaths.CheckFile(options.State, "--state (Export:State)", cwd);
        }
        else if (options.Command is CliCommand.CheckpointsSet or CliCommand.CheckpointsReset or CliCommand.Provision)
        {
            LocalPaths.CheckFile(options.State, "--state (Export:State)", cwd);
        }
    }

    private static void Introduce(ExportRuntime runtime, CliOptions options, CliEnvironment environment, CliOutput output)
    {
        bool paced = options.Command is CliCommand.Run or CliCommand.Backfill or CliCommand.Serve;
        if (runtime.Simulator is { } sim)
        {
            environment.OnSimulatorStarted?.Invoke(sim);
            output.Note($"[yellow]No Marketo configured:[/] using the built-in simulator at {Markup.Escape(sim.BaseUrl.ToString())}"
                + (paced ? " (fast job clock, fast polling)." : "."));
            output.Note("[grey]Set Marketo__BaseUrl, Marketo__ClientId and Marketo__ClientSecret to use a real instance.[/]");
        }
        else if (paced)
        {
            output.Note($"Marketo: {Markup.Escape(options.MarketoBaseUrl!)} (Marketo-paced polling: first status check after {runtime.Settings.PollFirstDelay.TotalSeconds:0.#} s).");
        }
        else
        {
            output.Note($"Marketo: {Markup.Escape(options.MarketoBaseUrl!)}");
        }
    }
}
