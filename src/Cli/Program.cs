using MarketoExport.Cli;
using Spectre.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // The first Ctrl+C stops the command cleanly (exit 130, progress kept); a second one ends the process at once.
    if (!cancel.IsCancellationRequested)
    {
        e.Cancel = true;
        cancel.Cancel();
    }
};

// Redirected output (CI, pipes, files) gets plain lines that are not wrapped at a guessed width.
IAnsiConsole console = AnsiConsole.Console;
IAnsiConsole error = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 200;
    console.Profile.Capabilities.Interactive = false;
}

if (Console.IsErrorRedirected)
{
    error.Profile.Width = 200;
    error.Profile.Capabilities.Interactive = false;
}

try
{
    return await ExportCli.RunAsync(args, new CliEnvironment(console) { Error = error }, cancel.Token);
}
catch (Exception ex) when (ex is not OutOfMemoryException)
{
    // The last line of defence: a failure nobody foresaw is reported in one line with its type, never as a stack trace.
    error.MarkupLine($"[red]error:[/] unexpected {Markup.Escape(ex.GetType().Name)}: {Markup.Escape(ex.Message.ReplaceLineEndings(" "))} "
        + "Nothing more was done; the next run resumes from the last checkpoint. Please report this with the log (state/export.log).");
    return ExitCodes.Failed;
}
