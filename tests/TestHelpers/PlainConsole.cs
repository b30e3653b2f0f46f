using Spectre.Console;

namespace MarketoExport.TestHelpers;

/// <summary>
/// The console a test hands the command line when it runs it in-process: plain text (no ANSI, no colours), never
/// interactive (no prompts, no live progress), 400 columns so no line of interest wraps, written to a writer the test reads.
/// </summary>
public static class PlainConsole
{
    /// <summary>A plain console writing to <paramref name="output"/>.</summary>
    public static IAnsiConsole Create(TextWriter output)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(output),
        });
        console.Profile.Width = 400;
        return console;
    }
}
