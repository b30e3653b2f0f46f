using System.Globalization;
using System.Text.Json;
using MarketoExport.FunctionApp.Http;
using MarketoExport.Orchestrations.Export;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace MarketoExport.FunctionApp.Triggers;

/// <summary>
/// The management API with the local server's routes, bodies and status codes (<c>src/Host/Server/ExportsEndpoints.cs</c>):
/// start, status, list, terminate, restart, rewind and purge under <c>/api/exports</c>; errors are problem details.
/// Function-level keys guard every route.
/// </summary>
public sealed class ExportHttpFunctions(ExportRuns runs)
{
    private const string Exports = "exports";
    private const string ExportById = "exports/{id}";

    /// <summary><c>POST /api/exports</c>: 202 with the check-status payload; 409 with the active run's URL if one is running.</summary>
    [Function(nameof(StartExport))]
    public async Task<IActionResult> StartExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = Exports)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        ExportRunStartRequest? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, FunctionAppJsonContext.Default.ExportRunStartRequest, cancellationToken);
            }
            catch (JsonException ex)
            {
                return Problem(400, "Invalid body",
                    $"The body is not valid JSON for a start request ({ex.Message}); send e.g. {{\"objects\":[\"leads\"],\"since\":\"2026-01-01T00:00:00Z\"}} or no body.");
            }
        }

        (ExportRunRequest? input, string? error) = runs.CreateRequest(body);
        if (input is null)
        {
            return Problem(400, "Invalid start request", error ?? "The request is invalid.");
        }

        ExportRunLinks links = Links(request, ExportRuns.RunInstanceId);
        if (await ExportRuns.StartAsync(client, input, cancellationToken) is { } active)
        {
            return AlreadyRunning(request, active);
        }

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
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        OrchestrationMetadata? instance = await client.GetInstanceAsync(id, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return NotFound(id);
        }

        ExportRunStatus status = await ExportStatusReader.ToStatusAsync(client, instance, cancellationToken);
        return instance.IsCompleted ? new OkObjectResult(status) : new AcceptedResult(Links(request, id).StatusQueryGetUri, status);
    }

    /// <summary><c>GET /api/exports?status=Failed,Running&amp;createdFrom=…&amp;createdTo=…&amp;top=…</c>: export runs.</summary>
    [Function(nameof(ListExports))]
    public static async Task<IActionResult> ListExports(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = Exports)] HttpRequest request,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (string part in request.Query["status"].SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
        {
            if (!Enum.TryParse(part, ignoreCase: true, out OrchestrationRuntimeStatus status) || int.TryParse(part, out _))
            {
                return Problem(400, "Invalid status filter", $"'status': '{part}' is not a runtime status; use a comma list of Pending, Running, Completed, Failed, Terminated, Suspended.");
            }

            statuses.Add(status);
        }

        if (!TryTime(request, "createdFrom", out DateTimeOffset? from, out IActionResult? error) || !TryTime(request, "createdTo", out DateTimeOffset? to, out error))
        {
            return error!;
        }

        int top = 100;
        if (request.Query["top"] is { Count: > 0 } topText && (!int.TryParse(topText, NumberStyles.Integer, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            return Problem(400, "Invalid top", $"'top': '{topText}' is not a number from 1 to 1000.");
        }

        var query = new OrchestrationQuery(CreatedFrom: from, CreatedTo: to, Statuses: statuses.Count > 0 ? statuses : null, FetchInputsAndOutputs: true);
        var found = new List<ExportRunStatus>();
        await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(query).WithCancellation(cancellationToken))
        {
            if (instance.Name == nameof(ExportRunOrchestrator))
            {
                found.Add(await ExportStatusReader.ToStatusAsync(client, instance, cancellationToken));
            }
        }

        return new OkObjectResult(found.OrderByDescending(r => r.CreatedTime).Take(top).ToList());
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
        if (await FindRunAsync(client, id, cancellationToken) is not { } run)
        {
            return await NotARunAsync(client, id, cancellationToken);
        }

        if (run.IsCompleted)
        {
            return Problem(409, "Run not in progress", $"Export run '{id}' is {run.RuntimeStatus}; only a Pending, Running or Suspended run can be terminated.");
        }

        string reason = request.Query["reason"].FirstOrDefault() ?? "terminated over HTTP";
        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(Output: reason, Recursive: true), cancellationToken);
        return new AcceptedResult();
    }

    /// <summary><c>POST /api/exports/{id}/restart</c>: runs an ended run again, same id and input.</summary>
    [Function(nameof(RestartExport))]
    public static async Task<IActionResult> RestartExport(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ExportById + "/restart")] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        if (await FindRunAsync(client, id, cancellationToken) is not { } run)
        {
            return await NotARunAsync(client, id, cancellationToken);
        }

        ExportRunLinks links = Links(request, id);
        if (!run.IsCompleted)
        {
            return Problem(409, "Run in progress",
                $"Export run '{id}' is {run.RuntimeStatus}; restart starts a finished run again. Wait for it ({links.StatusQueryGetUri}) or terminate it first.");
        }

        // Same id: export runs are singletons, so a restart takes the run's place instead of running beside it.
        await client.RestartAsync(id, restartWithNewInstanceId: false, cancellationToken);
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
        if (await FindRunAsync(client, id, cancellationToken) is not { } run)
        {
            return await NotARunAsync(client, id, cancellationToken);
        }

        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return Problem(409, "Run not failed",
                $"Export run '{id}' is {run.RuntimeStatus}; rewind re-runs the failed steps of a Failed run only. Use restart to run a finished run again.");
        }

        await client.RewindInstanceAsync(id, request.Query["reason"].FirstOrDefault() ?? "rewound over HTTP", cancellationToken);
        ExportRunLinks links = Links(request, id);
        return new AcceptedResult(links.StatusQueryGetUri, links);
    }

    /// <summary><c>DELETE /api/exports/{id}</c>: deletes an ended run's history and its object exports'.</summary>
    [Function(nameof(PurgeExport))]
    public static async Task<IActionResult> PurgeExport(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ExportById)] HttpRequest request,
        string id,
        [DurableClient] DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(request);
        CancellationToken cancellationToken = request.HttpContext.RequestAborted;
        if (await FindRunAsync(client, id, cancellationToken) is not { } run)
        {
            return await NotARunAsync(client, id, cancellationToken);
        }

        if (!run.IsCompleted)
        {
            return Problem(409, "Run in progress", $"Export run '{id}' is {run.RuntimeStatus}; terminate it (or wait for it to finish) before purging it.");
        }

        PurgeResult result = await client.PurgeInstanceAsync(id, new PurgeInstanceOptions(Recursive: true), cancellationToken);
        return new OkObjectResult(new ExportRunPurged(result.PurgedInstanceCount));
    }

    private static ExportRunLinks Links(HttpRequest request, string id)
        => ExportRunLinks.For($"{request.Scheme}://{request.Host}{request.PathBase}/api/{Exports}", id);

    /// <summary>The instance when it is an export run; null when it is missing or something else (see <see cref="NotARunAsync"/>).</summary>
    private static async Task<OrchestrationMetadata?> FindRunAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
        => await client.GetInstanceAsync(id, cancellationToken) is { Name: nameof(ExportRunOrchestrator) } run ? run : null;

    private static async Task<IActionResult> NotARunAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
        => await client.GetInstanceAsync(id, cancellationToken) is { } other
            ? Problem(400, "Not an export run", $"'{id}' is a {other.Name} (one object of a run); manage the run it belongs to instead, e.g. '{id.Split(':')[0]}'.")
            : NotFound(id);

    private static ObjectResult NotFound(string id) => Problem(404, "No such run",
        $"No orchestration instance '{id}' exists (purged, or never started). List runs with GET /api/exports; the export run's id is '{ExportRuns.RunInstanceId}'.");

    private static ObjectResult AlreadyRunning(HttpRequest request, OrchestrationMetadata active)
    {
        ExportRunLinks links = Links(request, active.InstanceId);
        ObjectResult problem = Problem(409, "A run is already in progress",
            $"Export run '{active.InstanceId}' is {active.RuntimeStatus} (created {active.CreatedAt:u}); runs are singletons. "
            + $"Follow it at {links.StatusQueryGetUri}, or terminate it first ({links.TerminatePostUri}).");
        var details = (ProblemDetails)problem.Value!;
        details.Extensions["instanceId"] = active.InstanceId;
        details.Extensions["statusQueryGetUri"] = links.StatusQueryGetUri;
        request.HttpContext.Response.Headers.Location = links.StatusQueryGetUri;
        return problem;
    }

    private static bool TryTime(HttpRequest request, string name, out DateTimeOffset? value, out IActionResult? error)
    {
        value = null;
        error = null;
        if (request.Query[name] is not { Count: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            value = parsed;
            return true;
        }

        error = Problem(400, $"Invalid {name}", $"'{name}': '{text}' is not an ISO-8601 time; use e.g. 2026-01-01T00:00:00Z.");
        return false;
    }

    private static ObjectResult Problem(int status, string title, string detail)
        => new(new ProblemDetails { Status = status, Title = title, Detail = detail }) { StatusCode = status, ContentTypes = { "application/problem+json" } };
}
