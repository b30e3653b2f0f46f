using MarketoExport.Management.Http;
using Spectre.Console;

namespace MarketoExport.Cli.Server;

/// <summary><c>serve</c>: runs <see cref="ExportServer"/> until Ctrl+C.</summary>
public static class ServeCommand
{
    /// <summary>Runs the command; returns the exit code.</summary>
    public static async Task<int> RunAsync(ExportRuntime runtime, ServerOptions options, CliOutput output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ExportServer server;
        try
        {
            server = await ExportServer.StartAsync(runtime, options, cancellationToken: cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or System.Net.Sockets.SocketException)
        {
            output.Fail($"--urls (Server:Urls): cannot listen on {string.Join(", ", options.Urls)}: {ex.Message} Pick another port.");
            return ExitCodes.Failed;
        }

        await using (server)
        {
            foreach (Uri address in server.Addresses)
            {
                output.Note($"Listening on [green]{Markup.Escape(address.ToString())}[/]: status page at /, API at {ExportsApi.Prefix}.");
            }

            output.Note($"Durable state: {Markup.Escape(server.EngineDescription)}.");
            output.Note(options.ApiKey is null
                ? "[grey]No API key: loopback only.[/]"
                : $"[grey]API key required in the {ServerOptions.ApiKeyHeader} header (except /healthz).[/]");
            output.Note(options.Schedule is null
                ? "[grey]Schedule: off.[/]"
                : $"[grey]Schedule: {Markup.Escape(options.ScheduleText)} ({Markup.Escape(options.ScheduleTimeZone.Id)}); next run {server.Scheduler.NextDue?.ToString("u") ?? "-"}.[/]");
            if (runtime.LogPath is not null)
            {
                output.Note($"[grey]Log: {Markup.Escape(runtime.LogPath)}. Ctrl+C stops the server; a run in progress resumes on the next start.[/]");
            }

            try
            {
                await server.WaitForShutdownAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C.
            }
        }

        output.Result("Stopped.");
        return ExitCodes.Success;
    }
}
