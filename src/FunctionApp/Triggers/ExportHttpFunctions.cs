using MarketoExport.Management.Http;
using MarketoExport.Management.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// The management API on Azure: each HTTP function hands over to the same handler as the local server
/// (<see cref="ExportsApi"/>) with the function's bound <see cref="DurableTaskClient"/>. Function-level keys guard
/// every route; the routes, bodies and status codes are the local server's.
/// </summary>
public sealed class ExportHttpFunctions(ExportRunStarter starter)
{
    private const string Exports = "exports";
    private const string ExportById = "exports/{id}";

    /// <summary><c>POST /api/exports</c>: 202 with the check-status payload; 409 naming the active run.</summary>
    [Function(nameof(StartExport))]
    public async Task<IActionResult> StartExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Exports)] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.StartAsync(request.HttpContext, client, starter));
    }

    /// <summary><c>GET /api/exports/{id}</c>: 202 while the run is active, 200 once it has ended, 404 if unknown.</summary>
    [Function(nameof(GetExport))]
    public static async Task<IActionResult> GetExport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ExportById)] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.GetAsync(request.HttpContext, client, id));
    }

    /// <summary><c>GET /api/exports?status=…&amp;createdFrom=…&amp;createdTo=…&amp;top=…</c>: export runs, newest first.</summary>
    [Function(nameof(ListExports))]
    public static async Task<IActionResult> ListExports(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Exports)] HttpRequest request, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.ListAsync(request.HttpContext, client));
    }

    /// <summary><c>POST /api/exports/{id}/terminate?reason=…</c>: stops the run and its object exports.</summary>
    [Function(nameof(TerminateExport))]
    public static async Task<IActionResult> TerminateExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/terminate")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.TerminateAsync(request.HttpContext, client, id));
    }

    /// <summary><c>POST /api/exports/{id}/restart</c>: runs an ended run again, same id and input.</summary>
    [Function(nameof(RestartExport))]
    public async Task<IActionResult> RestartExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/restart")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.RestartAsync(request.HttpContext, client, starter, id));
    }

    /// <summary><c>POST /api/exports/{id}/rewind?reason=…</c>: re-runs a Failed run's failed steps.</summary>
    [Function(nameof(RewindExport))]
    public async Task<IActionResult> RewindExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/rewind")] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.RewindAsync(request.HttpContext, client, starter, id));
    }

    /// <summary><c>DELETE /api/exports/{id}</c>: deletes an ended run's history and its object exports'.</summary>
    [Function(nameof(PurgeExport))]
    public static async Task<IActionResult> PurgeExport(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ExportById)] HttpRequest request, string id, [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ResultActionResult(await ExportsApi.PurgeAsync(request.HttpContext, client, id));
    }
}
