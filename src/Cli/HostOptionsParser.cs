using System.Globalization;
using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli;

/// <summary>
/// Reads options from, lowest precedence first: <c>appsettings.json</c> in the working folder, <c>--config FILE</c>,
/// environment variables (<c>Marketo__BaseUrl</c>, <c>Export__Objects</c>, …), then the command line. Every option
/// has a configuration key (section <c>Export</c>). Errors name the option and the fix.
/// </summary>
public static class HostOptionsParser
{
    private static readonly Dictionary<string, string> ValueOptions = new(StringComparer.Ordinal)
    {
        ["--objects"] = "Export:Objects",
        ["--since"] = "Export:Since",
        ["--until"] = "Export:Until",
        ["--out"] = "Export:Out",
        ["--state"] = "Export:State",
        ["--checkpoint-object"] = "Export:CheckpointObject",
        ["--poll-seconds"] = "Export:PollSeconds",
        ["--quota"] = "Export:QuotaBehavior",
        ["--alert-webhook"] = "Export:AlertWebhookUrl",
        ["--urls"] = "Server:Urls",
        ["--api-key"] = "Server:ApiKey",
        ["--schedule"] = "Export:Schedule",
    };

    /// <summary>Usage text.</summary>
    public const string Usage = """
        usage: marketo-export <command> [options]

        commands:
          run           export every configured object once, in the foreground (default)
          provision     create the checkpoint custom object in Marketo if it is missing
          checkpoints   print every object's checkpoint
          serve         local server: HTTP API under /api/exports, nightly schedule, status page at / (docs/serve.md)

        options (configuration key in brackets; env var: Export__Objects etc.):
          --objects LIST            leads,activities,programMembers,customObject:NAME   [Export:Objects] (default leads,activities)
          --since TIME              first run's start, ISO-8601 e.g. 2026-01-01T00:00:00Z [Export:Since]
          --until TIME              explicit range end (inclusive), ISO-8601; default now minus 15 min [Export:Until]
          --out DIR                 landing folder (default ./landing)                 [Export:Out]
          --state FILE              engine database (default ./state/export.db)        [Export:State]
          --checkpoint-object NAME  checkpoint custom object (default marketoExportCheckpoint) [Export:CheckpointObject]
          --poll-seconds N          first status poll delay (default 60; later polls <= 60 s apart) [Export:PollSeconds]
          --quota stop|wait         on a used-up daily quota: stop, or wait for the reset [Export:QuotaBehavior]
          --alert-webhook URL       POST a JSON alert when Marketo is unreachable or refuses the credentials [Export:AlertWebhookUrl]
          --dry-run                 print windows, jobs and estimated API calls; change nothing [Export:DryRun]
          --config FILE             extra JSON configuration file
        serve only:
          --urls URLS               listen addresses (default http://127.0.0.1:5080)   [Server:Urls]
          --api-key KEY             required header x-api-key (required for a non-loopback address) [Server:ApiKey]
          --schedule CRON           start a run on this cron (default "0 2 * * *"; "off" for none) [Export:Schedule]
                                    time zone [Export:ScheduleTimeZone] (default UTC)
          --otel-console            print OpenTelemetry traces and metrics to the console [Server:OtelConsole]
        Marketo: Marketo__BaseUrl, Marketo__ClientId, Marketo__ClientSecret (or the Marketo section of a config file).
        With none set, the built-in Marketo simulator runs in-process.
        Also: Export:ProgramIds (program members), Export:ActivityTypeIds, Export:Fields:<object> (comma lists).
        """;

    /// <summary>Parses <paramref name="args"/> with configuration from the working folder and the environment.</summary>
    /// <exception cref="HostOptionException">A bad option; the message names it and the fix.</exception>
    public static (HostOptions Options, IConfiguration Configuration) Parse(IReadOnlyList<string> args, string? workingDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        HostCommand command = HostCommand.Run;
        string? configFile = null;
        var cli = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        bool commandSeen = false;
        for (int i = 0; i < args.Count; i++)
        {
            string a = args[i];
            if (a is "-h" or "--help")
            {
                command = HostCommand.Help;
            }
            else if (a == "--dry-run")
            {
                cli["Export:DryRun"] = "true";
            }
            else if (a == "--otel-console")
            {
                cli["Server:OtelConsole"] = "true";
            }
            else if (a == "--config" || ValueOptions.ContainsKey(a))
            {
                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new HostOptionException($"{a} needs a value; e.g. {a} {Example(a)}.");
                }

                string value = args[++i];
                if (a == "--config")
                {
                    configFile = value;
                }
                else
                {
                    cli[ValueOptions[a]] = value;
                }
            }
            else if (a.StartsWith('-'))
            {
                throw new HostOptionException($"Unknown option '{a}'; run with --help for the list.");
            }
            else if (!commandSeen)
            {
                commandSeen = true;
                command = a switch
                {
                    "run" => HostCommand.Run,
                    "provision" => HostCommand.Provision,
                    "checkpoints" => HostCommand.Checkpoints,
                    "serve" => HostCommand.Serve,
                    "help" => HostCommand.Help,
                    _ => throw new HostOptionException($"Unknown command '{a}'; use run, serve, provision or checkpoints."),
                };
            }
            else
            {
                throw new HostOptionException($"Unexpected argument '{a}'; options start with -- (see --help).");
            }
        }

        string cwd = workingDirectory ?? Directory.GetCurrentDirectory();
        var builder = new ConfigurationBuilder().SetBasePath(cwd).AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        if (configFile is not null)
        {
            string full = Path.GetFullPath(configFile, cwd);
            if (!File.Exists(full))
            {
                throw new HostOptionException($"--config: file '{configFile}' does not exist; give the path of a JSON configuration file.");
            }

            builder.AddJsonFile(full, optional: false, reloadOnChange: false);
        }

        IConfiguration config;
        try
        {
            config = builder.AddEnvironmentVariables().AddInMemoryCollection(cli).Build();
        }
        catch (InvalidDataException ex)
        {
            throw new HostOptionException($"--config / appsettings.json: not valid JSON ({ex.Message}); fix the file.", ex);
        }

        return (Bind(command, config), config);
    }

    private static HostOptions Bind(HostCommand command, IConfiguration config)
    {
        IConfigurationSection export = config.GetSection("Export");
        ExportPlanDefaults plan;
        try
        {
            // The shared readers of the Export section (the Function App reads the same keys the same way).
            plan = ExportConfiguration.Read(export, ExportConfiguration.ReadSettings(export), PlanFieldNames.Cli);
        }
        catch (ExportPlanException ex)
        {
            throw new HostOptionException(ex.Message, ex);
        }

        double? poll = export["PollSeconds"] is { Length: > 0 } ? plan.Settings.PollFirstDelay.TotalSeconds : null;
        QuotaBehavior quota = plan.Settings.QuotaBehavior;

        string checkpointObject = export["CheckpointObject"] is { Length: > 0 } c ? c : Activities.ExportActivityOptions.DefaultCheckpointObject;
        if (!checkpointObject.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_'))
        {
            throw new HostOptionException($"--checkpoint-object (Export:CheckpointObject): '{checkpointObject}' may contain letters, digits and underscores only.");
        }

        string? webhook = export["AlertWebhookUrl"] is { Length: > 0 } w ? w : null;
        if (webhook is not null && !IsHttpUrl(webhook))
        {
            throw new HostOptionException($"--alert-webhook (Export:AlertWebhookUrl): '{webhook}' is not an absolute http(s) URL.");
        }

        string outDir = export["Out"] is { Length: > 0 } od ? od : "landing";
        if (File.Exists(outDir))
        {
            throw new HostOptionException($"--out (Export:Out): '{outDir}' is a file; give a folder for the landed files.");
        }

        string state = export["State"] is { Length: > 0 } st ? st : Path.Combine("state", "export.db");
        if (Directory.Exists(state))
        {
            throw new HostOptionException($"--state (Export:State): '{state}' is a folder; give a file path such as ./state/export.db.");
        }

        bool dryRun = false;
        if (export["DryRun"] is { Length: > 0 } d && !bool.TryParse(d, out dryRun))
        {
            throw new HostOptionException($"Export:DryRun: '{d}' is not true or false.");
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
                throw new HostOptionException(
                    $"Marketo is partly configured: {string.Join(", ", missing)} missing. Set all three (Admin > Web Services and LaunchPoint), or none to use the simulator.");
            }

            if (!IsHttpUrl(baseUrl!))
            {
                throw new HostOptionException($"Marketo__BaseUrl: '{baseUrl}' is not an absolute http(s) URL; use the REST endpoint root, e.g. https://123-ABC-456.mktorest.com.");
            }
        }

        return new HostOptions
        {
            Command = command,
            Plan = plan,
            Out = outDir,
            State = state,
            CheckpointObject = checkpointObject,
            PollSeconds = poll,
            DryRun = dryRun,
            QuotaBehavior = quota,
            AlertWebhookUrl = webhook,
            MarketoBaseUrl = baseUrl,
            MarketoClientId = clientId,
            MarketoClientSecret = secret,
        };
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static bool IsHttpUrl(string value)
        => Uri.TryCreate(value, UriKind.Absolute, out Uri? uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string Example(string option) => option switch
    {
        "--objects" => "leads,activities",
        "--since" => "2026-01-01T00:00:00Z",
        "--until" => "2026-03-31T23:59:59Z",
        "--out" => "./landing",
        "--state" => "./state/export.db",
        "--checkpoint-object" => "marketoExportCheckpoint",
        "--poll-seconds" => "60",
        "--quota" => "wait",
        "--config" => "./export.json",
        "--urls" => "http://127.0.0.1:5080",
        "--api-key" => "$(openssl rand -hex 32)",
        "--schedule" => "\"0 2 * * *\"",
        _ => "VALUE",
    };
}
