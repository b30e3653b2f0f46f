using MarketoExport.Durable;
using System.CommandLine;
using System.Globalization;
using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli;

/// <summary>
/// Reads a command's settings from, lowest precedence first: <c>appsettings.json</c> in the working folder,
/// <c>--config FILE</c>, environment variables (<c>Marketo__BaseUrl</c>, <c>Export__Objects</c>, …), then the command
/// line (each option sets its key, see <see cref="CliCommandLine.Overrides"/>), and validates them. Errors name the
/// option and its key and say how to fix it; nothing has been started when one is thrown.
/// </summary>
public static class CliConfiguration
{
    /// <summary>Builds the layered configuration.</summary>
    /// <param name="workingDirectory">Where <c>appsettings.json</c> is looked for and relative paths start.</param>
    /// <param name="configFile">The <c>--config</c> file, if given.</param>
    /// <param name="overrides">The keys set on the command line.</param>
    /// <exception cref="CliOptionException">The config file is missing or not valid JSON.</exception>
    public static IConfiguration Load(string workingDirectory, string? configFile, IReadOnlyDictionary<string, string?> overrides)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        var builder = new ConfigurationBuilder().SetBasePath(workingDirectory).AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            string full = Path.GetFullPath(configFile, workingDirectory);
            if (!File.Exists(full))
            {
                throw new CliOptionException($"--config: file '{configFile}' does not exist; give the path of a JSON configuration file (appsettings.example.json shows every key).");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        try
        {
            return builder.AddEnvironmentVariables().AddInMemoryCollection(overrides).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new CliOptionException($"--config / appsettings.json: not valid JSON ({ex.Message}); fix the file.", ex);
        }
    }

    /// <summary>
    /// Parses <paramref name="args"/> and reads the settings as the command would, without running it (tests, and
    /// hosts that reuse the command line's settings).
    /// </summary>
    /// <exception cref="CliOptionException">A bad option or setting.</exception>
    public static (CliOptions Options, IConfiguration Configuration) Parse(IReadOnlyList<string> args, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var syntax = new CliCommandLine();
        ParseResult parse = syntax.Parse(args);
        if (parse.Errors.Count > 0)
        {
            throw new CliOptionException(string.Join(" ", syntax.DescribeErrors(parse)));
        }

        CliCommand command = syntax.CommandOf(parse) ?? CliCommand.Run;
        return Read(syntax, parse, command, workingDirectory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Reads and validates the settings of a parsed command.</summary>
    /// <exception cref="CliOptionException">A bad option or setting.</exception>
    internal static (CliOptions Options, IConfiguration Configuration) Read(CliCommandLine syntax, ParseResult parse, CliCommand command, string workingDirectory)
    {
        Dictionary<string, string?> overrides = syntax.Overrides(parse);
        ExportObject? target = null;
        if (command is CliCommand.Backfill or CliCommand.CheckpointsSet or CliCommand.CheckpointsReset)
        {
            // Validated by the argument's own validator.
            target = ExportObject.TryParse(parse.GetValue(syntax.ObjectArgument) ?? string.Empty, out _);
            if (command == CliCommand.Backfill && target is not null)
            {
                overrides["Export:Objects"] = target.Kind == ExportObjectKind.CustomObject ? $"customObject:{target.CustomObjectName}" : target.Name;
            }
        }

        IConfiguration configuration = Load(workingDirectory, parse.GetValue(syntax.Config), overrides);
        CliOptions options = Bind(command, configuration);
        DateTime? mark = null;
        if (command == CliCommand.CheckpointsSet && parse.GetValue(syntax.HighWaterMark) is { } text && IsoTime.TryParse(text, out DateTimeOffset parsed))
        {
            mark = parsed.UtcDateTime;
        }

        bool json = parse.GetResult(syntax.Json) is { Implicit: false } && parse.GetValue(syntax.Json);
        bool quiet = parse.GetValue(syntax.Quiet);
        bool verbose = parse.GetValue(syntax.Verbose);
        if (quiet && verbose)
        {
            throw new CliOptionException("--quiet and --verbose contradict each other; give one of them.");
        }

        return (options with
        {
            Telemetry = Server.Telemetry.TelemetryOptions.FromConfiguration(configuration),
            Json = json,
            Verbosity = quiet ? CliVerbosity.Quiet : verbose ? CliVerbosity.Verbose : CliVerbosity.Normal,
            Target = target,
            HighWaterMark = mark,
            Yes = parse.GetResult(syntax.Yes) is { Implicit: false } && parse.GetValue(syntax.Yes),
        }, configuration);
    }

    /// <summary>Reads and validates the settings of <paramref name="command"/> from <paramref name="config"/>.</summary>
    /// <exception cref="CliOptionException">A bad setting; the message names its option and key.</exception>
    public static CliOptions Bind(CliCommand command, IConfiguration config)
    {
        ArgumentNullException.ThrowIfNull(config);
        IConfigurationSection export = config.GetSection("Export");
        ExportPlanDefaults plan;
        try
        {
            // The shared readers of the Export section (the Function App reads the same keys the same way). Commands that
            // only look at objects (checkpoints, check) do not need what exporting them needs (program ids, fields).
            ExportSettings settings = ExportConfiguration.ReadSettings(export);
            plan = command is CliCommand.Run or CliCommand.Backfill or CliCommand.Serve
                ? ExportConfiguration.Read(export, settings, PlanFieldNames.Cli)
                : ObjectsOnly(export, settings);
        }
        catch (ExportPlanException ex)
        {
            throw new CliOptionException(ex.Message, ex);
        }

        double? poll = export["PollSeconds"] is { Length: > 0 } ? plan.Settings.PollFirstDelay.TotalSeconds : null;
        string checkpointObject = export["CheckpointObject"] is { Length: > 0 } c ? c : Activities.ExportActivityOptions.DefaultCheckpointObject;
        if (!checkpointObject.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
        {
            throw new CliOptionException($"--checkpoint-object (Export:CheckpointObject): '{checkpointObject}' may contain letters, digits and underscores only.");
        }

        string? webhook = export["AlertWebhookUrl"] is { Length: > 0 } w ? w : null;
        if (webhook is not null && !IsHttpUrl(webhook))
        {
            throw new CliOptionException($"--alert-webhook (Export:AlertWebhookUrl): '{webhook}' is not an absolute http(s) URL.");
        }

        string outDir = export["Out"] is { Length: > 0 } od ? od : "landing";
        if (File.Exists(outDir))
        {
            throw new CliOptionException($"--out (Export:Out): '{outDir}' is a file; give a folder for the landed files.");
        }

        string state = export["State"] is { Length: > 0 } st ? st : Path.Combine("state", "export.db");
        if (Directory.Exists(state))
        {
            throw new CliOptionException($"--state (Export:State): '{state}' is a folder; give a file path such as ./state/export.db.");
        }

        bool dryRun = false;
        if (export["DryRun"] is { Length: > 0 } d && !bool.TryParse(d, out dryRun))
        {
            throw new CliOptionException($"--dry-run (Export:DryRun): '{d}' is not true or false.");
        }

        IConfigurationSection marketo = config.GetSection("Marketo");
        string? baseUrl = Blank(marketo["BaseUrl"]);
        string? clientId = Blank(marketo["ClientId"]);
        string? secret = Blank(marketo["ClientSecret"]);
        if (baseUrl is not null || clientId is not null || secret is not null)
        {
            var missing = new List<string>();
            if (baseUrl is null)
            {
                missing.Add("Marketo__BaseUrl");
            }

            if (clientId is null)
            {
                missing.Add("Marketo__ClientId");
            }

            if (secret is null)
            {
                missing.Add("Marketo__ClientSecret");
            }

            if (missing.Count > 0)
            {
                throw new CliOptionException(
                    $"Marketo is partly configured: {string.Join(", ", missing)} missing. Set all three (Admin > Web Services and LaunchPoint), or none to use the simulator.");
            }

            if (!IsHttpUrl(baseUrl!))
            {
                throw new CliOptionException($"Marketo__BaseUrl: '{baseUrl}' is not an absolute http(s) URL; use the REST endpoint root, e.g. https://123-ABC-456.mktorest.com.");
            }
        }

        DurableBackendOptions durable;
        try
        {
            durable = DurableBackendOptions.FromConfiguration(config);
        }
        catch (DurableConfigurationException ex)
        {
            throw new CliOptionException(ex.Message, ex);
        }

        if (durable.Backend == DurableBackend.AzureStorage && baseUrl is null)
        {
            // Workers of one task hub share the run's activities, and a built-in simulator lives inside one process:
            // another worker (or this one after a restart) would ask a simulator that never saw the run's export jobs.
            throw new CliOptionException(
                "Durable:Backend=AzureStorage needs one Marketo that every worker of the task hub reaches: set Marketo__BaseUrl, Marketo__ClientId and "
                + "Marketo__ClientSecret (for a demo, a standalone simulator: dotnet MarketoExport.Marketo.Simulator.dll --urls http://127.0.0.1:5090), "
                + "or use Durable:Backend=Sqlite with the built-in simulator.");
        }

        return new CliOptions
        {
            Durable = durable,
            Command = command,
            Plan = plan,
            Out = outDir,
            State = state,
            CheckpointObject = checkpointObject,
            PollSeconds = poll,
            DryRun = dryRun && command is CliCommand.Run or CliCommand.Backfill,
            QuotaBehavior = plan.Settings.QuotaBehavior,
            AlertWebhookUrl = webhook,
            MarketoBaseUrl = baseUrl,
            MarketoClientId = clientId,
            MarketoClientSecret = secret,
        };
    }

    private static ExportPlanDefaults ObjectsOnly(IConfigurationSection export, ExportSettings settings)
    {
        var objects = new List<ExportObject>();
        foreach (string item in ExportConfiguration.ObjectNames(export.GetSection("Objects"), PlanFieldNames.Cli))
        {
            ExportObject parsed = ExportObject.TryParse(item, out string? error) ?? throw new ExportPlanException($"{PlanFieldNames.Cli.Objects}: {error}.");
            if (!objects.Any(o => o.Name == parsed.Name))
            {
                objects.Add(parsed);
            }
        }

        long quota = 50_000;
        if (export["DailyCallQuota"] is { Length: > 0 } text
            && (!long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out quota) || quota < 1))
        {
            throw new ExportPlanException($"--daily-call-quota (Export:DailyCallQuota): '{text}' is not a positive number of API calls.");
        }

        return new ExportPlanDefaults { Objects = objects, Settings = settings, DailyCallQuota = quota, Names = PlanFieldNames.Cli };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsHttpUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}
