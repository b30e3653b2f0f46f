using System.Globalization;
using MarketoExport.Management.Http.Wire;
using MarketoExport.Management.Plan;
using MarketoExport.Management.Runs;
using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.DurableTask.Client;

namespace MarketoExport.Management.Http;

/// <summary>
/// <c>/api/exports</c>, shaped like Durable Functions' HTTP API: start (202 + <c>Location</c> + check-status payload),
/// status, list, terminate, restart, rewind, purge. One implementation over <see cref="DurableTaskClient"/>: the local
/// server maps it with <see cref="MapExportsApi"/>, the Function App's HTTP functions call the same handlers with
/// their bound client. Every refusal is problem details naming the cause and the fix.
/// </summary>
public static class ExportsApi
{
    /// <summary>The route prefix.</summary>
    public const string Prefix = "/api/exports";

    /// <summary>Maps the endpoints on a host that has a <see cref="DurableTaskClient"/> and an <see cref="ExportRunStarter"/> registered.</summary>
    public static IEndpointRouteBuilder MapExportsApi(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RouteGroupBuilder group = endpoints.MapGroup(Prefix);
        group.MapPost("/", (HttpContext c, DurableTaskClient client, ExportRunStarter starter) => StartAsync(c, client, starter));
        group.MapGet("/", (HttpContext c, DurableTaskClient client) => ListAsync(c, client));
        group.MapGet("/{id}", (string id, HttpContext c, DurableTaskClient client) => GetAsync(c, client, id));
        group.MapPost("/{id}/terminate", (string id, HttpContext c, DurableTaskClient client) => TerminateAsync(c, client, id));
        group.MapPost("/{id}/restart", (string id, HttpContext c, DurableTaskClient client, ExportRunStarter starter) => RestartAsync(c, client, starter, id));
        group.MapPost("/{id}/rewind", (string id, HttpContext c, DurableTaskClient client, ExportRunStarter starter) => RewindAsync(c, client, starter, id));
        group.MapDelete("/{id}", (string id, HttpContext c, DurableTaskClient client) => PurgeAsync(c, client, id));
        return endpoints;
    }

    /// <summary>The management URLs of an instance, built from the request's scheme, host and path base.</summary>
    public static CheckStatusPayload Payload(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        string baseUri = $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}/{Uri.EscapeDataString(id)}";
        return new CheckStatusPayload(id, baseUri, null, $"{baseUri}/terminate?reason={{text}}", $"{baseUri}/restart", $"{baseUri}/rewind?reason={{text}}", baseUri);
    }

    /// <summary><c>POST /api/exports</c>: 202 with the check-status payload; 409 naming the active run if one is in progress.</summary>
    public static async Task<IResult> StartAsync(HttpContext context, DurableTaskClient client, ExportRunStarter starter)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(starter);
        CancellationToken cancellationToken = context.RequestAborted;
        ExportPlanRequest? body;
        try
        {
            body = await StartBodyReader.ReadAsync(context.Request, cancellationToken).ConfigureAwait(false);
        }
        catch (StartBodyException ex)
        {
            return Problem(ex.StatusCode, ex.StatusCode == 413 ? "Body too large" : "Invalid start request", ex.Message);
        }
        catch (BadHttpRequestException ex)
        {
            // The server's own limit (Kestrel's 30 MB) or a malformed transfer: its status, not a 500.
            return Problem(ex.StatusCode, ex.StatusCode == 413 ? "Body too large" : "Invalid request", ex.Message);
        }

        StartRunResult result;
        try
        {
            result = await starter.StartAsync(client, body, PlanFieldNames.Json, "http", cancellationToken).ConfigureAwait(false);
        }
        catch (ExportPlanException ex)
        {
            return Problem(400, "Invalid start request", ex.Message);
        }
        catch (Exception ex) when (ex is MarketoApiException or MarketoAuthenticationException or MarketoUnreachableException or MarketoHttpException)
        {
            return Problem(502, "Marketo unavailable",
                $"Could not prepare the run: {ex.Message.ReplaceLineEndings(" ")} Check Marketo__BaseUrl and the credentials, then try again.");
        }

        CheckStatusPayload payload = Payload(context.Request, result.InstanceId);
        if (result.Outcome == StartRunOutcome.AlreadyRunning)
        {
            return Results.Problem(
                title: "A run is already in progress",
                detail: $"Export run '{result.InstanceId}' is {result.Existing?.RuntimeStatus.ToString() ?? "running"} (created {result.Existing?.CreatedAt:u}); "
                    + $"runs are singletons. Follow it at {payload.StatusQueryGetUri}, or terminate it first ({payload.TerminatePostUri}).",
                statusCode: 409,
                extensions: new Dictionary<string, object?> { ["instanceId"] = result.InstanceId, ["statusQueryGetUri"] = payload.StatusQueryGetUri })
                .WithLocation(payload.StatusQueryGetUri);
        }

        return AcceptedRun(payload);
    }

    /// <summary><c>GET /api/exports/{id}</c>: 202 while the instance is active, 200 once it has ended, 404 if unknown.</summary>
    public static async Task<IResult> GetAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        ExportInstanceStatus? status = await ExportStatusReader.GetAsync(client, id, context.RequestAborted).ConfigureAwait(false);
        if (status is null)
        {
            return NotFound(id);
        }

        bool finished = status.RuntimeStatus is nameof(OrchestrationRuntimeStatus.Completed)
            or nameof(OrchestrationRuntimeStatus.Failed) or nameof(OrchestrationRuntimeStatus.Terminated);
        IResult json = Results.Json(status, ManagementJsonContext.Default.ExportInstanceStatus, statusCode: finished ? 200 : 202);
        return finished ? json : json.WithLocation(Payload(context.Request, id).StatusQueryGetUri);
    }

    /// <summary><c>GET /api/exports?status=Running,Failed&amp;createdFrom=…&amp;createdTo=…&amp;top=…</c>: export runs, newest first.</summary>
    public static async Task<IResult> ListAsync(HttpContext context, DurableTaskClient client)
    {
        ArgumentNullException.ThrowIfNull(context);
        HttpRequest request = context.Request;
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (string? value in request.Query["status"])
        {
            foreach (string part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse(part, ignoreCase: true, out OrchestrationRuntimeStatus s) || int.TryParse(part, out _) || !Enum.IsDefined(s))
                {
                    return Problem(400, "Invalid status filter",
                        $"'status': '{part}' is not a runtime status; use a comma list of Pending, Running, Suspended, Completed, Failed, Terminated.");
                }

                statuses.Add(s);
            }
        }

        if (!TryTime(request, "createdFrom", out DateTimeOffset? from, out IResult? error) || !TryTime(request, "createdTo", out DateTimeOffset? to, out error))
        {
            return error!;
        }

        if (from is { } f && to is { } t && f > t)
        {
            return Problem(400, "Invalid time range", $"'createdFrom' ({f:u}) is after 'createdTo' ({t:u}); give a range whose start is not after its end.");
        }

        int top = 100;
        if (request.Query["top"] is { Count: > 0 } topText && (!int.TryParse(topText, NumberStyles.Integer, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            return Problem(400, "Invalid top", $"'top': '{topText}' is not a number from 1 to 1000.");
        }

        var query = new OrchestrationQuery(CreatedFrom: from, CreatedTo: to, Statuses: statuses.Count == 0 ? null : statuses, PageSize: 100);
        IReadOnlyList<ExportInstanceStatus> runs = await ExportStatusReader.QueryAsync(client, query, top, context.RequestAborted).ConfigureAwait(false);
        return Results.Json(runs, ManagementJsonContext.Default.IReadOnlyListExportInstanceStatus);
    }

    /// <summary><c>POST /api/exports/{id}/terminate?reason=…</c>: stops an active run and its object exports.</summary>
    public static async Task<IResult> TerminateAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        CancellationToken cancellationToken = context.RequestAborted;
        (OrchestrationMetadata? run, IResult? failure) = await FindRunAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return failure!;
        }

        if (run.IsCompleted)
        {
            return Problem(409, "Run not in progress", $"Export run '{id}' is {run.RuntimeStatus}; only a Pending, Running or Suspended run can be terminated.");
        }

        string reason = Reason(context.Request, "terminated over HTTP");
        await client.TerminateInstanceAsync(id, new TerminateInstanceOptions(Output: reason, Recursive: true), cancellationToken).ConfigureAwait(false);
        return Results.Accepted();
    }

    /// <summary><c>POST /api/exports/{id}/restart</c>: runs an ended run again, same id and input.</summary>
    public static async Task<IResult> RestartAsync(HttpContext context, DurableTaskClient client, ExportRunStarter starter, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(starter);
        CancellationToken cancellationToken = context.RequestAborted;
        (OrchestrationMetadata? run, IResult? failure) = await FindRunAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return failure!;
        }

        CheckStatusPayload payload = Payload(context.Request, id);
        if (!run.IsCompleted)
        {
            return Problem(409, "Run in progress",
                $"Export run '{id}' is {run.RuntimeStatus}; restart starts a finished run again. Wait for it ({payload.StatusQueryGetUri}) or terminate it first.");
        }

        try
        {
            // Same id: export runs are singletons, so a restart takes the run's place instead of running beside it.
            await client.RestartAsync(id, restartWithNewInstanceId: false, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is global::DurableTask.Core.Exceptions.OrchestrationAlreadyExistsException or InvalidOperationException)
        {
            return Problem(409, "Run in progress", $"Export run '{id}' was started again meanwhile; follow it at {payload.StatusQueryGetUri}.");
        }
        catch (NotSupportedException ex)
        {
            return Problem(501, "Restart not supported", $"This backend cannot restart a run: {ex.Message} Start a new run with POST {Prefix} instead.");
        }

        starter.Notify(client, id, "restart");
        return AcceptedRun(payload);
    }

    /// <summary><c>POST /api/exports/{id}/rewind?reason=…</c>: re-runs the failed steps of a Failed run.</summary>
    public static async Task<IResult> RewindAsync(HttpContext context, DurableTaskClient client, ExportRunStarter starter, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(starter);
        CancellationToken cancellationToken = context.RequestAborted;
        (OrchestrationMetadata? run, IResult? failure) = await FindRunAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return failure!;
        }

        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return Problem(409, "Run not failed",
                $"Export run '{id}' is {run.RuntimeStatus}; rewind re-runs the failed steps of a Failed run only. Use restart to run a finished run again.");
        }

        string reason = Reason(context.Request, "rewound over HTTP");
        try
        {
            await client.RewindInstanceAsync(id, reason, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is NotSupportedException or NotImplementedException)
        {
            return Problem(501, "Rewind not supported", $"This backend cannot rewind a run: {ex.Message} Restart it instead ({Payload(context.Request, id).RestartPostUri}).");
        }
        catch (InvalidOperationException ex)
        {
            // The engine refuses a rewind it cannot do safely; its message says why and to restart instead. The run is unchanged.
            return Problem(409, "Run cannot be rewound", ex.Message);
        }

        starter.Notify(client, id, "rewind");
        return AcceptedRun(Payload(context.Request, id));
    }

    /// <summary><c>DELETE /api/exports/{id}</c>: deletes an ended run's history and its object exports'.</summary>
    public static async Task<IResult> PurgeAsync(HttpContext context, DurableTaskClient client, string id)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(client);
        CancellationToken cancellationToken = context.RequestAborted;
        (OrchestrationMetadata? run, IResult? failure) = await FindRunAsync(client, id, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return failure!;
        }

        if (!run.IsCompleted)
        {
            return Problem(409, "Run in progress", $"Export run '{id}' is {run.RuntimeStatus}; terminate it (or wait for it to finish) before purging it.");
        }

        int deleted = (await client.PurgeInstanceAsync(id, cancellation: cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
        var children = new List<string>();
        await foreach (OrchestrationMetadata child in client.GetAllInstancesAsync(new OrchestrationQuery(InstanceIdPrefix: id + ":")).WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (child.IsCompleted)
            {
                children.Add(child.InstanceId);
            }
        }

        foreach (string child in children)
        {
            deleted += (await client.PurgeInstanceAsync(child, cancellation: cancellationToken).ConfigureAwait(false)).PurgedInstanceCount;
        }

        return Results.Json(new PurgePayload(deleted), ManagementJsonContext.Default.PurgePayload);
    }

    private static async Task<(OrchestrationMetadata? Run, IResult? Failure)> FindRunAsync(DurableTaskClient client, string id, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? meta = await client.GetInstanceAsync(id, cancellationToken).ConfigureAwait(false);
        if (meta is null)
        {
            return (null, NotFound(id));
        }

        return meta.Name == nameof(ExportRunOrchestrator)
            ? (meta, null)
            : (null, Problem(400, "Not an export run",
                $"'{id}' is a {meta.Name} (one object of a run); manage the run it belongs to instead, e.g. '{id.Split(':')[0]}'."));
    }

    private static bool TryTime(HttpRequest request, string name, out DateTimeOffset? value, out IResult? error)
    {
        value = null;
        error = null;
        if (request.Query[name] is not { Count: > 0 } text || string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (IsoTime.TryParse(text, out DateTimeOffset parsed))
        {
            value = parsed;
            return true;
        }

        error = Problem(400, $"Invalid {name}", $"'{name}': '{text}' is not an ISO-8601 time; use e.g. {IsoTime.Example}.");
        return false;
    }

    private static string Reason(HttpRequest request, string fallback) => request.Query["reason"].FirstOrDefault() is { Length: > 0 } r ? r : fallback;

    /// <summary>202 with the check-status payload and <c>Location</c> at its status URL: a run started, restarted or rewound.</summary>
    private static LocationResult AcceptedRun(CheckStatusPayload payload)
        => Results.Json(payload, ManagementJsonContext.Default.CheckStatusPayload, statusCode: 202).WithLocation(payload.StatusQueryGetUri);

    private static IResult NotFound(string id) => Problem(404, "No such run",
        $"No orchestration instance '{id}' exists (purged, or never started). List runs with GET {Prefix}; the export run's id is '{ExportRuns.RunInstanceId}'.");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(title: title, detail: detail, statusCode: status);

    private static LocationResult WithLocation(this IResult result, string location) => new(result, location);

    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
