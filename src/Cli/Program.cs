using MarketoExport.Cli;
using Spectre.Console;

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

// Redirected output (CI, pipes, files) gets plain lines that are not wrapped at a guessed width.
IAnsiConsole console = AnsiConsole.Console;
if (Console.IsOutputRedirected)
{
    console.Profile.Width = 200;
}

return await ExportCli.RunAsync(args, console, cancellationToken: cancel.Token);
