using Spectre.Console;

namespace MarketoExport.TestHelpers;

/// <summary>
/// The console a test hands the command line when it runs it in-process: plain text (no ANSI, no colours), not
/// interactive unless asked (then the live progress table renders), 400 columns so no line of interest wraps, written
/// to a writer the test reads.
/// </summary>
public static class PlainConsole
{
    /// <summary>A plain console writing to <paramref name="output"/>; <paramref name="interactive"/> for the live table.</summary>
    public static IAnsiConsole Create(TextWriter output, bool interactive = false)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Yes : InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        return console;
    }
}
