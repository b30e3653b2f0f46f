using System.Text.Json;
using MarketoExport.FunctionApp.Http;
using MarketoExport.Orchestrations.Export;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// The management API, on the same routes as the local server (<c>src/Host</c>): start, status, list, terminate,
/// restart, rewind and purge under <c>/api/exports</c>. Function-level keys guard every route.
/// </summary>
public sealed class ExportHttpFunctions(ExportRuns runs)
{
    private const string Exports = "exports";
    private const string ExportById = "exports/{id}";

    /// <summary><c>POST /api/exports</c>: 202 with the run's links; 409 with the active run's URL if one is running.</summary>
    [Function(nameof(StartExport))]
    public async Task<IActionResult> StartExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Exports)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        if (await ExportRuns.FindActiveRunAsync(client, cancellationToken) is { } active)
        {
            return Conflict(request, active);
        }

        ExportRunRequest input;
        try
        {
            ExportRunStartRequest? body = request.ContentLength is null or 0
                ? null
                : await request.ReadFromJsonAsync(FunctionAppJsonContext.Default.ExportRunStartRequest, cancellationToken);
            input = runs.CreateRequest(body);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or InvalidOperationException)
        {
            return new BadRequestObjectResult(new { error = $"The start request is invalid: {ex.Message} Send no body, or JSON like {{\"objects\":[\"leads\"],\"since\":\"2026-01-01T00:00:00Z\"}}." });
        }

        string instanceId = await runs.StartAsync(client, input, cancellationToken);
        ExportRunLinks links = ExportRunLinks.For(ExportsBaseUrl(request), instanceId);
        return new AcceptedResult(links.StatusQueryGetUri, links);
    }

    /// <summary><c>GET /api/exports/{id}</c>: 202 while the run is active, 200 once it has ended, 404 if unknown.</summary>
    [Function(nameof(GetExport))]
    public static async Task<IActionResult> GetExport(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ExportById)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, request.HttpContext.RequestAborted);
        if (instance is null)
        {
            return NotFound(id);
        }

        var status = ExportRunStatus.From(instance);
        return instance.IsCompleted ? new OkObjectResult(status) : new AcceptedResult(ExportRunLinks.For(ExportsBaseUrl(request), id).StatusQueryGetUri, status);
    }

    /// <summary><c>GET /api/exports?status=Failed,Running&amp;createdFrom=…&amp;createdTo=…</c>: runs, newest first.</summary>
    [Function(nameof(ListExports))]
    public static async Task<IActionResult> ListExports(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Exports)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (string name in request.Query["status"].SelectMany(s => (s ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse(name, ignoreCase: true, out OrchestrationRuntimeStatus status))
            {
                return new BadRequestObjectResult(new { error = $"Unknown status '{name}'; use Pending, Running, Completed, Failed, Terminated or Suspended." });
            }

            statuses.Add(status);
        }

        var query = new OrchestrationQuery(
            CreatedFrom: DateTimeOffset.TryParse(request.Query["createdFrom"], out DateTimeOffset from) ? from : null,
            CreatedTo: DateTimeOffset.TryParse(request.Query["createdTo"], out DateTimeOffset to) ? to : null,
            Statuses: statuses.Count > 0 ? statuses : null);
        var runsFound = new List<ExportRunStatus>();
        await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(query).WithCancellation(request.HttpContext.RequestAborted))
        {
            if (instance.Name == nameof(ExportRunOrchestrator))
            {
                runsFound.Add(ExportRunStatus.From(instance));
            }
        }

        return new OkObjectResult(runsFound.OrderByDescending(r => r.CreatedTime).ToList());
    }

    /// <summary><c>POST /api/exports/{id}/terminate?reason=…</c>: stops the run and its object exports.</summary>
    [Function(nameof(TerminateExport))]
    public static async Task<IActionResult> TerminateExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/terminate")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (instance.IsCompleted)
        {
            return new ConflictObjectResult(new { error = $"Run '{id}' has already ended ({instance.RuntimeStatus}); nothing to terminate." });
        }

        string reason = request.Query["reason"].FirstOrDefault() ?? "Terminated over HTTP.";
        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(Output: reason, Recursive: true), cancellationToken);
        return new AcceptedResult(ExportRunLinks.For(ExportsBaseUrl(request), id).StatusQueryGetUri, ExportRunLinks.For(ExportsBaseUrl(request), id));
    }

    /// <summary><c>POST /api/exports/{id}/restart</c>: a new run with the same input (the ended run stays listed).</summary>
    [Function(nameof(RestartExport))]
    public static async Task<IActionResult> RestartExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/restart")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (await ExportRuns.FindActiveRunAsync(client, cancellationToken) is { } active)
        {
            return Conflict(request, active);
        }

        string newId = await client.RestartAsync(id, restartWithNewInstanceId: true, cancellationToken);
        ExportRunLinks links = ExportRunLinks.For(ExportsBaseUrl(request), newId);
        return new AcceptedResult(links.StatusQueryGetUri, links);
    }

    /// <summary><c>POST /api/exports/{id}/rewind?reason=…</c>: re-runs a Failed run's failed steps only.</summary>
    [Function(nameof(RewindExport))]
    public static async Task<IActionResult> RewindExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/rewind")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (instance.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return new ConflictObjectResult(new { error = $"Run '{id}' is {instance.RuntimeStatus}; only a Failed run can be rewound (use restart for others)." });
        }

        if (await ExportRuns.FindActiveRunAsync(client, cancellationToken) is { } active)
        {
            return Conflict(request, active);
        }

        await client.RewindInstanceAsync(id, request.Query["reason"].FirstOrDefault() ?? "Rewound over HTTP.", cancellationToken);
        ExportRunLinks links = ExportRunLinks.For(ExportsBaseUrl(request), id);
        return new AcceptedResult(links.StatusQueryGetUri, links);
    }

    /// <summary><c>DELETE /api/exports/{id}</c>: deletes an ended run's history (and its object exports').</summary>
    [Function(nameof(PurgeExport))]
    public static async Task<IActionResult> PurgeExport(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ExportById)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, cancellationToken);
        if (instance is null)
        {
            return NotFound(id);
        }

        if (!instance.IsCompleted)
        {
            return new ConflictObjectResult(new { error = $"Run '{id}' is {instance.RuntimeStatus}; terminate it before purging." });
        }

        PurgeResult result = await client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true), cancellationToken);
        return new OkObjectResult(new { instancesDeleted = result.PurgedInstanceCount });
    }

    private static string ExportsBaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/api/{Exports}";

    private static NotFoundObjectResult NotFound(string id) => new(new { error = $"No run with id '{id}'; list runs with GET /api/exports." });

    private static ConflictObjectResult Conflict(HttpRequest request, OrchestrationMetadata active)
    {
        string url = ExportRunLinks.For(ExportsBaseUrl(request), active.InstanceId).StatusQueryGetUri;
        return new ConflictObjectResult(new ExportRunConflict(
            $"Run '{active.InstanceId}' is {active.RuntimeStatus}; runs are singletons. Wait for it, or terminate it first.",
            active.InstanceId,
            url));
    }
}
