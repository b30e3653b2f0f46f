using Spectre.Console;

namespace MarketoExport.Cli;

/// <summary>
/// The consoles of the real process. On a terminal Spectre.Console measures the window; redirected output (CI, pipes,
/// files, a scheduler's log) has no width, so it gets a width no message reaches: one message stays one line, which
/// is what <c>grep</c> and log collectors need.
/// </summary>
public static class ProcessConsoles
{
    /// <summary>The width given to redirected output: wider than any message or table row this tool writes.</summary>
    public const int RedirectedWidth = 8192;

    /// <summary>A console writing to <paramref name="writer"/>; when <paramref name="redirected"/>, plain lines never wrapped, never interactive.</summary>
    public static IAnsiConsole Create(TextWriter writer, bool redirected)
    {
        IAnsiConsole console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer) });
        if (redirected)
        {
            console.Profile.Width = RedirectedWidth;
            console.Profile.Capabilities.Interactive = false;
        }

        return console;
    }
}
