using System.CommandLine;
using System.CommandLine.Completions;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.Globalization;
using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Cli;

/// <summary>
/// The syntax of <c>marketo-export</c> on System.CommandLine: its commands, their options (each option that is also a
/// setting names its configuration key), per-command help with examples, <c>--version</c>, completions (the
/// <c>[suggest]</c> directive) and typed validation whose errors name the option and the fix. What an option means
/// is applied through configuration (<see cref="Overrides"/>), so a flag, an environment variable and a config file
/// say the same thing in the same words.
/// </summary>
public sealed class CliCommandLine
{
    /// <summary>The program's name, as users type it.</summary>
    public const string ProgramName = "marketo-export";

    private readonly List<(Option Option, string Key)> _keyed = [];
    private readonly Dictionary<Command, CliCommand> _commands = [];
    private readonly Dictionary<Command, string[]> _examples = [];

    /// <summary>Builds the command tree; <paramref name="action"/> runs a parsed command.</summary>
    /// <param name="action">Runs the command (its kind and the parse) and returns the exit code.</param>
    public CliCommandLine(Func<CliCommand, ParseResult, CancellationToken, Task<int>>? action = null)
    {
        Config = new Option<string>("--config")
        {
            Description = "A JSON configuration file, read over ./appsettings.json and under environment variables.",
            HelpName = "FILE",
            Recursive = true,
        };
        Verbose = new Option<bool>("--verbose", "-v") { Description = "Also print the log lines (Information and up) on standard error.", Recursive = true };
        Quiet = new Option<bool>("--quiet", "-q") { Description = "Print only errors and the one-line result.", Recursive = true };
        Json = new Option<bool>("--json") { Description = "Print the result as one JSON document on standard output (docs: src/Cli/README.md#json-output); progress goes to standard error." };
        Objects = Keyed(new Option<string>("--objects")
        {
            Description = "What to export: a comma list of leads, activities, programMembers, customObject:NAME. Default leads,activities.",
            HelpName = "LIST",
        }, "Export:Objects");
        Objects.Validators.Add(r => ValidateObjects(r));
        Objects.CompletionSources.Add(_ => ["leads", "activities", "programMembers", "leads,activities", "customObject:"]);
        Since = Keyed(TimeOption("--since", "Where an object without a checkpoint starts, ISO-8601 (e.g. 2026-01-01T00:00:00Z or 2026-01-01)."), "Export:Since");
        Until = Keyed(TimeOption("--until", "The newest time to export, inclusive, ISO-8601; default and maximum: now minus 15 minutes."), "Export:Until");
        Out = Keyed(new Option<string>("--out") { Description = "The landing folder (default ./landing).", HelpName = "DIR" }, "Export:Out");
        State = Keyed(new Option<string>("--state") { Description = "The engine's state database (default ./state/export.db); one process uses it at a time.", HelpName = "FILE" }, "Export:State");
        CheckpointObject = Keyed(new Option<string>("--checkpoint-object")
        {
            Description = "The Marketo custom object holding the checkpoints (default marketoExportCheckpoint).",
            HelpName = "NAME",
        }, "Export:CheckpointObject");
        PollSeconds = Keyed(new Option<double>("--poll-seconds")
        {
            Description = "The first status poll after a job is queued, in seconds (default 60; later polls back off ×1.5 to at most 90 s apart).",
            HelpName = "SECONDS",
            CustomParser = r => ParseNumber(r, "--poll-seconds (Export:PollSeconds)", 0.01, 3600, "a number of seconds from 0.01 to 3600; Marketo refreshes job status about once a minute"),
        }, "Export:PollSeconds");
        Quota = Keyed(new Option<string>("--quota")
        {
            Description = "On a used-up daily quota: stop (exit 3, resume later) or wait for the reset at midnight America/Chicago.",
            HelpName = "stop|wait",
        }, "Export:QuotaBehavior");
        Quota.Validators.Add(r => OneOf(r, "--quota (Export:QuotaBehavior)", "stop", "wait"));
        Quota.CompletionSources.Add("stop", "wait");
        AlertWebhook = Keyed(new Option<string>("--alert-webhook")
        {
            Description = "POST a JSON alert here when Marketo is unreachable or refuses the credentials.",
            HelpName = "URL",
        }, "Export:AlertWebhookUrl");
        DryRun = Keyed(new Option<bool>("--dry-run") { Description = "Print the windows, jobs and estimated API calls; create, land and write nothing." }, "Export:DryRun");
        ProgramIds = Keyed(new Option<string>("--program-ids")
        {
            Description = "programMembers: the programs (1 to 10 ids, comma list) whose members are exported.",
            HelpName = "IDS",
        }, "Export:ProgramIds");
        ProgramIds.Validators.Add(r => ValidateIds(r, "--program-ids (Export:ProgramIds)"));
        ActivityTypeIds = Keyed(new Option<string>("--activity-type-ids")
        {
            Description = "activities: only these activity type ids (comma list; `discover` lists them). Default: every type.",
            HelpName = "IDS",
        }, "Export:ActivityTypeIds");
        ActivityTypeIds.Validators.Add(r => ValidateIds(r, "--activity-type-ids (Export:ActivityTypeIds)"));
        Fields = new Option<string[]>("--fields")
        {
            Description = "The fields of one object, OBJECT=FIELD,FIELD (repeat per object; Export:Fields:OBJECT). Default: every field Marketo describes.",
            HelpName = "OBJECT=FIELDS",
            Arity = ArgumentArity.OneOrMore,
        };
        Fields.Validators.Add(ValidateFields);
        AllowLargeBackfill = Keyed(new Option<bool>("--allow-large-backfill")
        {
            Description = "Accept a plan whose estimated API calls exceed the daily call quota (it then spans several days).",
        }, "Export:AllowLargeBackfill");
        DailyCallQuota = Keyed(new Option<long>("--daily-call-quota")
        {
            Description = "Marketo's daily API call quota of this instance (default 50000).",
            HelpName = "CALLS",
            CustomParser = r => (long)ParseNumber(r, "--daily-call-quota (Export:DailyCallQuota)", 1, long.MaxValue, "a positive whole number of API calls", whole: true),
        }, "Export:DailyCallQuota");
        Urls = Keyed(new Option<string>("--urls")
        {
            Description = "Listen addresses separated by ';' (default http://127.0.0.1:5080). https:// needs --certificate; a path (/base) is served as the path base.",
            HelpName = "URLS",
        }, "Server:Urls");
        ApiKey = Keyed(new Option<string>("--api-key")
        {
            Description = "Required in x-api-key (or as the HTTP Basic password) on every call but /healthz; required for a non-loopback address. 16+ characters.",
            HelpName = "KEY",
        }, "Server:ApiKey");
        Schedule = Keyed(new Option<string>("--schedule")
        {
            Description = "Start a run on this cron expression: 5 fields, or 6 with seconds first (default \"0 2 * * *\", time zone Export:ScheduleTimeZone), or off.",
            HelpName = "CRON",
        }, "Export:Schedule");
        OtelConsole = Keyed(new Option<bool>("--otel-console") { Description = "Print OpenTelemetry traces and metrics to the console." }, "Server:OtelConsole");
        Certificate = Keyed(new Option<string>("--certificate")
        {
            Description = "A PKCS#12 (.pfx) certificate for https:// addresses; its password comes from Server:Certificate:Password.",
            HelpName = "FILE",
        }, "Server:Certificate:Path");
        ObjectArgument = new Argument<string>("OBJECT")
        {
            HelpName = "OBJECT",
            Description = "The object: leads, activities, programMembers or customObject:NAME.",
        };
        ObjectArgument.Validators.Add(r =>
        {
            string value = r.GetValueOrDefault<string>() ?? string.Empty;
            if (ExportObject.TryParse(value, out string? error) is null)
            {
                r.AddError($"OBJECT: {error}.");
            }
        });
        ObjectArgument.CompletionSources.Add("leads", "activities", "programMembers", "customObject:");
        HighWaterMark = TimeOption("--high-water-mark", "The new high-water mark: the last second already exported, ISO-8601. The next run starts one second later.");
        HighWaterMark.Required = true;
        Yes = new Option<bool>("--yes", "-y") { Description = "Confirm without asking (required when input is not a terminal)." };
        BackfillSince = TimeOption("--since", "The first second of the range to export, ISO-8601.");
        BackfillSince.Required = true;
        BackfillUntil = TimeOption("--until", "The last second of the range, inclusive, ISO-8601; at most the object's high-water mark.");
        BackfillUntil.Required = true;

        Root = new RootCommand("Exports Adobe Marketo data with the Bulk Export API into a landing folder or Blob container, durably: "
            + "a killed run resumes where it stopped, nothing lands twice, checkpoints live in Marketo.");
        Root.Options.Add(Config);
        Root.Options.Add(Verbose);
        Root.Options.Add(Quiet);
        // The tool's own version (in-process the entry assembly may be a test host).
        Root.Options.OfType<VersionOption>().Single().Action = new VersionAction();
        HelpOption help = Root.Options.OfType<HelpOption>().Single();
        var helpWithExamples = new ExamplesHelpAction(new HelpAction { MaxWidth = 120 }, WriteExamples);
        help.Action = helpWithExamples;

        // No command: the overview, as `--help` shows it.
        Root.SetAction(parse => helpWithExamples.Invoke(parse));

        Option[] exportOptions =
        [
            Objects, Since, Until, Out, State, CheckpointObject, PollSeconds, Quota, AlertWebhook, ProgramIds, ActivityTypeIds, Fields, DailyCallQuota,
        ];
        Command run = Add(CliCommand.Run, new Command("run", "Export every configured object once, in the foreground: each object from its checkpoint up to now minus 15 minutes."),
            [.. exportOptions, DryRun, AllowLargeBackfill, Json],
            "run",
            "run --dry-run",
            "run --objects leads,activities --since 2026-01-01T00:00:00Z",
            "run --objects leads,programMembers --program-ids 1001,1002 --fields leads=id,email,updatedAt",
            "run --json > result.json");
        Command backfill = Add(CliCommand.Backfill, new Command("backfill",
                "Export a past range of one object beside its normal export: its own checkpoint record (OBJECT@backfill-RANGE) and landing folder "
                + "(<out>/OBJECT/backfill-RANGE/), so the object's high-water mark never moves back. Resumable: run it again after a kill."),
            [ObjectArgument, BackfillSince, BackfillUntil, Out, State, CheckpointObject, PollSeconds, Quota, AlertWebhook, ProgramIds, ActivityTypeIds, Fields, DailyCallQuota, DryRun, AllowLargeBackfill, Json],
            "backfill leads --since 2025-01-01 --until 2025-12-31T23:59:59Z",
            "backfill activities --since 2025-06-01 --until 2025-06-30T23:59:59Z --activity-type-ids 1,6 --dry-run");
        Command serve = Add(CliCommand.Serve, new Command("serve",
                "The local server: the HTTP API under /api/exports (Durable Functions' shape), a nightly schedule and a status page at / (docs/serve.md)."),
            [.. exportOptions, Urls, ApiKey, Schedule, OtelConsole, Certificate],
            "serve",
            "serve --urls http://127.0.0.1:8080 --schedule \"30 1 * * 1-5\"",
            "serve --urls http://0.0.0.0:8080 --api-key \"$(openssl rand -hex 32)\"");
        Command provision = Add(CliCommand.Provision, new Command("provision", "Create and approve the checkpoint custom object in Marketo if it is missing (needs the Read-Write Custom Object Type permission)."),
            [CheckpointObject, State],
            "provision",
            "provision --checkpoint-object myExportCheckpoint");
        Command checkpoints = Add(CliCommand.Checkpoints, new Command("checkpoints", "Show the checkpoint of every configured object; `set` and `reset` change one."),
            [Objects, State, CheckpointObject, Json],
            "checkpoints",
            "checkpoints --objects leads,programMembers --json",
            "checkpoints set leads --high-water-mark 2026-03-31T23:59:59Z",
            "checkpoints reset activities --yes");
        Command set = Add(CliCommand.CheckpointsSet, new Command("set",
                "Move one object's high-water mark (the last second exported); its next run starts one second later. Asks for confirmation; refused while a run is in flight."),
            [ObjectArgument, HighWaterMark, Yes, State, CheckpointObject],
            "checkpoints set leads --high-water-mark 2026-03-31T23:59:59Z",
            "checkpoints set activities --high-water-mark 2026-06-01 --yes");
        Command reset = Add(CliCommand.CheckpointsReset, new Command("reset",
                "Clear one object's checkpoint: its next run starts again from --since (or 31 days back). Asks for confirmation; refused while a run is in flight."),
            [ObjectArgument, Yes, State, CheckpointObject],
            "checkpoints reset leads",
            "checkpoints reset customObject:car_c --yes");
        checkpoints.Subcommands.Add(set);
        checkpoints.Subcommands.Add(reset);
        Command check = Add(CliCommand.Check, new Command("check",
                "Check the connection before a first run: credentials, the API user's permissions, the checkpoint object, API calls and export bytes left today. Exit 0 when all pass, 1 otherwise."),
            [Objects, State, CheckpointObject, DailyCallQuota, Json],
            "check",
            "check --json");
        Command discover = Add(CliCommand.Discover, new Command("discover", "List what can be exported: leads, activities, program members and every custom object, their fields, and the activity types."),
            [Json],
            "discover",
            "discover --json > catalog.json");
        foreach ((Command command, CliCommand kind) in _commands)
        {
            if (action is not null)
            {
                command.SetAction((parse, cancellationToken) => action(kind, parse, cancellationToken));
            }
        }

        foreach (Command command in new[] { run, backfill, check, discover, checkpoints, provision, serve })
        {
            Root.Subcommands.Add(command);
        }

    }

    /// <summary>The root command.</summary>
    public RootCommand Root { get; }

    /// <summary><c>--config FILE</c>.</summary>
    public Option<string> Config { get; }

    /// <summary><c>--verbose</c>.</summary>
    public Option<bool> Verbose { get; }

    /// <summary><c>--quiet</c>.</summary>
    public Option<bool> Quiet { get; }

    /// <summary><c>--json</c>.</summary>
    public Option<bool> Json { get; }

    /// <summary><c>--objects</c>.</summary>
    public Option<string> Objects { get; }

    /// <summary><c>--since</c> of run and serve.</summary>
    public Option<string> Since { get; }

    /// <summary><c>--until</c> of run and serve.</summary>
    public Option<string> Until { get; }

    /// <summary><c>--out</c>.</summary>
    public Option<string> Out { get; }

    /// <summary><c>--state</c>.</summary>
    public Option<string> State { get; }

    /// <summary><c>--checkpoint-object</c>.</summary>
    public Option<string> CheckpointObject { get; }

    /// <summary><c>--poll-seconds</c>.</summary>
    public Option<double> PollSeconds { get; }

    /// <summary><c>--quota</c>.</summary>
    public Option<string> Quota { get; }

    /// <summary><c>--alert-webhook</c>.</summary>
    public Option<string> AlertWebhook { get; }

    /// <summary><c>--dry-run</c>.</summary>
    public Option<bool> DryRun { get; }

    /// <summary><c>--program-ids</c>.</summary>
    public Option<string> ProgramIds { get; }

    /// <summary><c>--activity-type-ids</c>.</summary>
    public Option<string> ActivityTypeIds { get; }

    /// <summary><c>--fields OBJECT=FIELDS</c> (repeatable).</summary>
    public Option<string[]> Fields { get; }

    /// <summary><c>--allow-large-backfill</c>.</summary>
    public Option<bool> AllowLargeBackfill { get; }

    /// <summary><c>--daily-call-quota</c>.</summary>
    public Option<long> DailyCallQuota { get; }

    /// <summary><c>--urls</c>.</summary>
    public Option<string> Urls { get; }

    /// <summary><c>--api-key</c>.</summary>
    public Option<string> ApiKey { get; }

    /// <summary><c>--schedule</c>.</summary>
    public Option<string> Schedule { get; }

    /// <summary><c>--otel-console</c>.</summary>
    public Option<bool> OtelConsole { get; }

    /// <summary><c>--certificate</c>.</summary>
    public Option<string> Certificate { get; }

    /// <summary>The OBJECT argument of <c>backfill</c> and <c>checkpoints set|reset</c>.</summary>
    public Argument<string> ObjectArgument { get; }

    /// <summary><c>--high-water-mark</c> of <c>checkpoints set</c>.</summary>
    public Option<string> HighWaterMark { get; }

    /// <summary><c>--yes</c>.</summary>
    public Option<bool> Yes { get; }

    /// <summary><c>--since</c> of <c>backfill</c> (required).</summary>
    public Option<string> BackfillSince { get; }

    /// <summary><c>--until</c> of <c>backfill</c> (required).</summary>
    public Option<string> BackfillUntil { get; }

    /// <summary>Parses <paramref name="args"/>.</summary>
    public ParseResult Parse(IReadOnlyList<string> args) => Root.Parse(args);

    /// <summary>The kind of the parsed command, or null for the root.</summary>
    public CliCommand? CommandOf(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return _commands.TryGetValue(parse.CommandResult.Command, out CliCommand kind) ? kind : null;
    }

    /// <summary>
    /// The configuration keys the command line sets: every option given explicitly, by its key (e.g.
    /// <c>--poll-seconds 5</c> → <c>Export:PollSeconds=5</c>, <c>--fields leads=id,email</c> → <c>Export:Fields:leads=id,email</c>).
    /// These go over the environment and the config files.
    /// </summary>
    public Dictionary<string, string?> Overrides(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach ((Option option, string key) in _keyed)
        {
            if (parse.GetResult(option) is not { Implicit: false } result)
            {
                continue;
            }

            values[key] = result.GetValueOrDefault<object?>() switch
            {
                bool b => b ? "true" : "false",
                double d => d.ToString("R", CultureInfo.InvariantCulture),
                long l => l.ToString(CultureInfo.InvariantCulture),
                string s => s,
                var other => Convert.ToString(other, CultureInfo.InvariantCulture),
            };
        }

        if (parse.GetResult(Fields) is { Implicit: false } && parse.GetValue(Fields) is { } fields)
        {
            foreach (string item in fields)
            {
                (string objectName, string list) = SplitFields(item)!.Value;
                values[$"Export:Fields:{objectName}"] = list;
            }
        }

        if (parse.GetResult(BackfillSince) is { Implicit: false })
        {
            values["Export:Since"] = parse.GetValue(BackfillSince);
        }

        if (parse.GetResult(BackfillUntil) is { Implicit: false })
        {
            values["Export:Until"] = parse.GetValue(BackfillUntil);
        }

        return values;
    }

    /// <summary>
    /// One line per parse error, each naming the option (and its key) and the fix, plus where to read more. Unknown
    /// options get a did-you-mean from the command's own options.
    /// </summary>
    public IReadOnlyList<string> DescribeErrors(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        var lines = new List<string>();
        Command command = parse.CommandResult.Command;
        bool unknownOption = false;
        foreach (ParseError error in parse.Errors)
        {
            string message = error.Message;
            if (error.SymbolResult is OptionResult { Option: { } option } && !message.StartsWith("--", StringComparison.Ordinal))
            {
                message = $"{Named(option)}: {message}";
            }
            else if (parse.UnmatchedTokens.FirstOrDefault(t => message.Contains($"'{t}'", StringComparison.Ordinal)) is { } token)
            {
                if (!token.StartsWith('-') && unknownOption)
                {
                    continue; // the value of the unknown option just reported
                }

                string? near = Nearest(token, command);
                unknownOption |= token.StartsWith('-');
                string bare = token.Split('=', 2)[0];
                string[] owners = command.Options.Any(o => o.Name == bare)
                    ? [CommandLineOf(command)[(ProgramName.Length + 1)..]]
                    : Root.Subcommands.Where(c => c.Options.Any(o => o.Name == bare)).Select(c => c.Name).ToArray();
                message = token.StartsWith('-') && owners.Length > 0
                    ? $"'{token}' is an option of {string.Join(", ", owners.Select(o => $"`{o}`"))}: give the command first, e.g. `{ProgramName} {owners[0]} {token} …`."
                    : token.StartsWith('-')
                    ? $"'{token}' is not an option of `{CommandLineOf(command)}`" + (near is null ? "." : $"; did you mean {near}?")
                    : $"unexpected argument '{token}' for `{CommandLineOf(command)}`" + (near is null ? "." : $"; did you mean {near}?");
            }

            lines.Add(message);
        }

        return lines;
    }

    /// <summary>Where to read about the parsed command's options.</summary>
    public static string HelpHint(ParseResult parse)
    {
        ArgumentNullException.ThrowIfNull(parse);
        return $"See `{CommandLineOf(parse.CommandResult.Command)} --help` for its options and examples.";
    }

    /// <summary>The command's name as typed, e.g. <c>marketo-export checkpoints set</c>.</summary>
    public static string CommandLineOf(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var names = new List<string>();
        for (Symbol? s = command; s is Command c && s is not RootCommand; s = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        names.Insert(0, ProgramName);
        return string.Join(' ', names);
    }

    /// <summary>The examples of a command, as they are typed after the program name.</summary>
    public IReadOnlyList<string> ExamplesOf(Command command) => _examples.GetValueOrDefault(command) ?? [];

    /// <summary>The configuration key an option sets, if any.</summary>
    public string? KeyOf(Option option) => _keyed.FirstOrDefault(k => k.Option == option).Key;

    /// <summary>Every keyed option with its key (for the documentation test).</summary>
    public IReadOnlyList<(Option Option, string Key)> KeyedOptions => _keyed;

    private string Named(Option option)
        => KeyOf(option) is { } key ? $"{option.Name} ({key})" : option == Fields ? "--fields (Export:Fields:OBJECT)" : option.Name;

    private T Keyed<T>(T option, string key) where T : Option
    {
        _keyed.Add((option, key));
        return option;
    }

    private Command Add(CliCommand kind, Command command, Symbol[] symbols, params string[] examples)
    {
        foreach (Symbol symbol in symbols)
        {
            switch (symbol)
            {
                case Option o:
                    command.Options.Add(o);
                    break;
                case Argument a:
                    command.Arguments.Add(a);
                    break;
            }
        }

        _commands[command] = kind;
        _examples[command] = examples;
        return command;
    }

    private void WriteExamples(Command command, TextWriter output)
    {
        if (command is RootCommand)
        {
            output.WriteLine("Examples:");
            foreach (string line in new[] { "run", "run --dry-run", "check", "discover", "checkpoints", "serve", "run --help" })
            {
                output.WriteLine($"  {ProgramName} {line}");
            }

            output.WriteLine();
            output.WriteLine("Settings: every option with a key in brackets in `<command> --help` is also read from ./appsettings.json, --config FILE and");
            output.WriteLine("environment variables (Export__Objects=leads), lowest first; the command line wins. Marketo: Marketo__BaseUrl,");
            output.WriteLine("Marketo__ClientId, Marketo__ClientSecret; with none set, a built-in Marketo simulator runs in-process.");
            output.WriteLine("Exit codes: 0 ok, 1 failed, 2 bad option (nothing started), 3 stopped on a daily quota, 130 interrupted.");
            output.WriteLine("Shell completion: see src/Cli/README.md#shell-completion (dotnet-suggest).");
            return;
        }

        if (!_examples.TryGetValue(command, out string[]? examples) || examples.Length == 0)
        {
            return;
        }

        output.WriteLine("Examples:");
        foreach (string example in examples)
        {
            output.WriteLine($"  {ProgramName} {example}");
        }

        List<(Option Option, string Key)> keys = _keyed.Where(k => command.Options.Contains(k.Option)).ToList();
        if (keys.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Settings (configuration key of each option; environment variables use __ for :):");
            foreach ((Option option, string key) in keys)
            {
                output.WriteLine($"  {option.Name,-24} {key}");
            }

            if (command.Options.Contains(Fields))
            {
                output.WriteLine($"  {"--fields OBJECT=…",-24} Export:Fields:OBJECT");
            }
        }

        output.WriteLine();
    }

    /// <summary>Prints this assembly's informational version (e.g. <c>0.12.0+commit</c>).</summary>
    private sealed class VersionAction : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            string version = typeof(CliCommandLine).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
                .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion
                ?? typeof(CliCommandLine).Assembly.GetName().Version?.ToString() ?? "unknown";
            parseResult.InvocationConfiguration.Output.WriteLine(version);
            return ExitCodes.Success;
        }
    }

    /// <summary>System.CommandLine's help, followed by the command's examples and settings.</summary>
    private sealed class ExamplesHelpAction(HelpAction inner, Action<Command, TextWriter> examples) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int exit = inner.Invoke(parseResult);
            examples(parseResult.CommandResult.Command, parseResult.InvocationConfiguration.Output);
            return exit;
        }
    }

    private static Option<string> TimeOption(string name, string description)
    {
        var option = new Option<string>(name) { Description = description, HelpName = "TIME" };
        option.Validators.Add(r =>
        {
            string text = r.GetValueOrDefault<string>() ?? string.Empty;
            if (!IsoTime.TryParse(text, out _))
            {
                string key = name switch
                {
                    "--since" => " (Export:Since)",
                    "--until" => " (Export:Until)",
                    _ => string.Empty,
                };
                r.AddError($"{name}{key}: '{text}' is not an ISO-8601 time; use e.g. {IsoTime.Example} (or a date, 2026-01-01). Dates like 01/02/2026 are refused: their order differs by country.");
            }
        });
        return option;
    }

    private static double ParseNumber(ArgumentResult result, string name, double min, double max, string expected, bool whole = false)
    {
        string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : string.Empty;
        NumberStyles style = whole ? NumberStyles.None : NumberStyles.Float;
        if (double.TryParse(text, style, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value) && value >= min && value <= max)
        {
            return value;
        }

        result.AddError($"{name}: '{text}' is not {expected}.");
        return min;
    }

    private static void OneOf(OptionResult result, string name, params string[] allowed)
    {
        string value = result.GetValueOrDefault<string>() ?? string.Empty;
        if (!allowed.Contains(value.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            result.AddError($"{name}: '{value}' is not {string.Join(" or ", allowed)}.");
        }
    }

    private static void ValidateObjects(OptionResult result)
    {
        string value = result.GetValueOrDefault<string>() ?? string.Empty;
        foreach (string item in value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (ExportObject.TryParse(item, out string? error) is null)
            {
                result.AddError($"--objects (Export:Objects): {error}.");
                return;
            }
        }

        // An empty list is refused by the shared reader of Export:Objects, in the same words as for the setting.
    }

    private static void ValidateIds(OptionResult result, string name)
    {
        string value = result.GetValueOrDefault<string>() ?? string.Empty;
        string[] parts = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0)
        {
            result.AddError($"{name}: give a comma list of ids, e.g. 1001,1002.");
            return;
        }

        foreach (string part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int id) || id <= 0)
            {
                result.AddError($"{name}: '{part}' is not a positive integer id; give a comma list such as 1001,1002.");
                return;
            }
        }
    }

    private static void ValidateFields(OptionResult result)
    {
        foreach (string item in result.GetValueOrDefault<string[]>() ?? [])
        {
            if (SplitFields(item) is not ({ } objectName, { } list))
            {
                result.AddError($"--fields (Export:Fields:OBJECT): '{item}' is not OBJECT=FIELD,FIELD; e.g. --fields leads=id,email,updatedAt.");
                return;
            }

            if (objectName == "activities")
            {
                result.AddError("--fields (Export:Fields:OBJECT): activities export a fixed set of columns; list fields for leads, programMembers or a custom object.");
                return;
            }

            if (list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Length == 0)
            {
                result.AddError($"--fields (Export:Fields:{objectName}): no field listed; give e.g. {objectName}=id,updatedAt, or leave it out for every field.");
                return;
            }
        }
    }

    /// <summary>Splits <c>OBJECT=FIELDS</c>; the object is its configuration name (a custom object by its API name).</summary>
    private static (string Object, string Fields)? SplitFields(string item)
    {
        int eq = item.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            return null;
        }

        string objectText = item[..eq].Trim();
        if (ExportObject.TryParse(objectText, out _) is { } parsed)
        {
            return (parsed.Name, item[(eq + 1)..].Trim());
        }

        // A custom object may be named by its API name alone (the Export:Fields:<name> key).
        return objectText.Length > 0 && objectText.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? (objectText, item[(eq + 1)..].Trim()) : null;
    }

    private static string? Nearest(string token, Command command)
    {
        IEnumerable<string> candidates = command.Options.Select(o => o.Name).Concat(command.Subcommands.Select(c => c.Name))
            .Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)).Select(o => o.Name));
        string bare = token.Split('=', 2)[0];
        return candidates.Select(c => (Name: c, Distance: Distance(bare, c))).Where(x => x.Distance <= Math.Max(2, bare.Length / 4))
            .OrderBy(x => x.Distance).Select(x => x.Name).FirstOrDefault();
    }

    private static int Distance(string a, string b)
    {
        int[] previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (int i = 1; i <= a.Length; i++)
        {
            int[] current = new int[b.Length + 1];
            current[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int cost = char.ToLowerInvariant(a[i - 1]) == char.ToLowerInvariant(b[j - 1]) ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            previous = current;
        }

        return previous[b.Length];
    }
}
