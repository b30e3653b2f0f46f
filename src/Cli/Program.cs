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

// Redirected output (CI, pipes, files) gets plain lines that are never wrapped at a guessed width.
IAnsiConsole console = ProcessConsoles.Create(Console.Out, Console.IsOutputRedirected);
IAnsiConsole error = ProcessConsoles.Create(Console.Error, Console.IsErrorRedirected);

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
