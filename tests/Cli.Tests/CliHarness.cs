using System.Text;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo.Simulator;
using Spectre.Console;

namespace MarketoExport.Cli.Tests;

/// <summary>Runs the command line in-process against its in-process simulator, in a temporary folder.</summary>
internal sealed class CliHarness : IDisposable
{
    public CliHarness()
    {
        Root = Path.Combine(Path.GetTempPath(), "mde-host-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Root);
    }

    public string Root { get; }

    public string Landing => Path.Combine(Root, "landing");

    public string State => Path.Combine(Root, "state", "export.db");

    public string MirrorFile => Path.Combine(Root, "state", "simulator-checkpoints.json");

    /// <summary>The simulator of the last run (its control stays readable after the run).</summary>
    public SimulatorControl? Control { get; private set; }

    public static SimulatorOptions FastSimulator() => new()
    {
        Seed = 42,
        DataStart = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        DataEnd = new DateTimeOffset(2026, 7, 1, 0, 0, 0, TimeSpan.Zero),
        Leads = 300,
        Activities = 1500,
        ProgramMembers = 200,
        CustomObjectRecords = 200,
        JobTickSeconds = 0.02,
        RateLimitWindow = TimeSpan.FromSeconds(1),
        StandaloneCustomObjectExport = StandaloneCustomObjectExportMode.ExportByUpdatedAt,
    };

    public async Task<(int Exit, string Output)> RunAsync(SimulatorOptions? simulator, Action<SimulatorControl>? arrange, params string[] args)
    {
        var writer = new StringWriter(new StringBuilder());
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
        });
        console.Profile.Width = 400;
        string[] all = CliArgs.With(args, ("--out", Landing), ("--state", State), ("--poll-seconds", "0.05"));
        int exit = await ExportCli.RunAsync(all, console, simulator ?? FastSimulator(), sim =>
        {
            Control = sim.Control;
            arrange?.Invoke(sim.Control);
        });
        return (exit, writer.ToString());
    }

    public IReadOnlyList<ManifestEntry> Manifest()
    {
        using var sink = new LocalFolderSink(Landing);
        return sink.ReadManifestAsync(default).GetAwaiter().GetResult();
    }

    public IReadOnlyList<string> Files() => Directory.Exists(Landing)
        ? Directory.EnumerateFiles(Landing, "*", SearchOption.AllDirectories).Select(f => Path.GetRelativePath(Landing, f)).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>The first field of every data record of a landed CSV (quote-aware; header skipped).</summary>
    public List<string> FirstColumn(string file)
    {
        string text = File.ReadAllText(Path.Combine(Landing, file));
        var values = new List<string>();
        var field = new StringBuilder();
        bool inQuotes = false;
        bool firstField = true;
        bool header = true;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (inQuotes)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    inQuotes = false;
                }
                else if (firstField)
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                inQuotes = true;
            }
            else if (c == ',')
            {
                firstField = false;
            }
            else if (c == '\n')
            {
                if (!header)
                {
                    values.Add(field.ToString());
                }

                header = false;
                field.Clear();
                firstField = true;
            }
            else if (c != '\r' && firstField)
            {
                field.Append(c);
            }
        }

        if (!header && (field.Length > 0 || !firstField))
        {
            values.Add(field.ToString());
        }

        return values;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a finishing background task; the temp folder is cleaned by the OS.
        }
    }
}
