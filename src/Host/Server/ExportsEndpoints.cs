using System.Globalization;
using System.Text.Json;
using MarketoExport.Host.Server.Wire;
using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Orchestrations.Export;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace MarketoExport.Host.Server;

/// <summary>
/// <c>/api/exports</c>, shaped like Durable Functions' HTTP API: start (202 + <c>Location</c> + check-status payload),
/// status, list, terminate, restart, rewind, purge. Errors are problem details naming the cause and the fix.
/// </summary>
public static class ExportsEndpoints
{
    /// <summary>The route prefix.</summary>
    public const string Prefix = "/api/exports";

    /// <summary>Maps the endpoints.</summary>
    public static IEndpointRouteBuilder MapExports(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        RouteGroupBuilder group = endpoints.MapGroup(Prefix);
        group.MapPost("/", StartAsync);
        group.MapGet("/", ListAsync);
        group.MapGet("/{id}", GetAsync);
        group.MapPost("/{id}/terminate", TerminateAsync);
        group.MapPost("/{id}/restart", RestartAsync);
        group.MapPost("/{id}/rewind", RewindAsync);
        group.MapDelete("/{id}", PurgeAsync);
        return endpoints;
    }

    /// <summary>The management URLs of an instance, built from the request's scheme and host.</summary>
    public static CheckStatusPayload Payload(HttpRequest request, string id)
    {
        ArgumentNullException.ThrowIfNull(request);
        string baseUri = $"{request.Scheme}://{request.Host}{request.PathBase}{Prefix}/{Uri.EscapeDataString(id)}";
        return new CheckStatusPayload(id, baseUri, null, $"{baseUri}/terminate?reason={{text}}", $"{baseUri}/restart", $"{baseUri}/rewind?reason={{text}}", baseUri);
    }

    private static async Task<IResult> StartAsync(HttpRequest request, ExportRunStarter starter, CancellationToken cancellationToken)
    {
        StartExportBody? body = null;
        if (request.ContentLength is > 0 || request.Headers.TransferEncoding.Count > 0)
        {
            try
            {
                body = await JsonSerializer.DeserializeAsync(request.Body, ServerJsonContext.Default.StartExportBody, cancellationToken);
            }
            catch (JsonException ex)
            {
                return Problem(400, "Invalid body",
                    $"The body is not valid JSON for a start request ({ex.Message}); send e.g. {{\"objects\":[\"leads\"],\"since\":\"2026-01-01T00:00:00Z\"}} or no body.");
            }
        }

        StartRunResult result;
        try
        {
            result = await starter.StartAsync(body, "http", cancellationToken);
        }
        catch (Exception ex) when (ex is MarketoApiException or MarketoAuthenticationException or MarketoUnreachableException or MarketoHttpException)
        {
            return Problem(502, "Marketo unavailable",
                $"Could not prepare the run: {ex.Message.ReplaceLineEndings(" ")} Check Marketo__BaseUrl / credentials and try again.");
        }

        CheckStatusPayload payload = Payload(request, result.InstanceId);
        return result.Outcome switch
        {
            StartRunOutcome.Started => Results.Json(payload, ServerJsonContext.Default.CheckStatusPayload, statusCode: 202)
                .WithLocation(payload.StatusQueryGetUri),
            StartRunOutcome.AlreadyRunning => Results.Problem(
                title: "A run is already in progress",
                detail: $"Export run '{result.InstanceId}' is {result.Existing?.RuntimeStatus.ToString() ?? "running"} (created {result.Existing?.CreatedAt:u}); "
                    + $"runs are singletons. Follow it at {payload.StatusQueryGetUri}, or terminate it first ({payload.TerminatePostUri}).",
                statusCode: 409,
                extensions: new Dictionary<string, object?> { ["instanceId"] = result.InstanceId, ["statusQueryGetUri"] = payload.StatusQueryGetUri })
                .WithLocation(payload.StatusQueryGetUri),
            _ => Problem(400, "Invalid start request", result.Error ?? "The request is invalid."),
        };
    }

    private static async Task<IResult> GetAsync(string id, HttpRequest request, ExportStatusReader reader, CancellationToken cancellationToken)
    {
        ExportInstanceStatus? status = await reader.GetAsync(id, cancellationToken);
        if (status is null)
        {
            return NotFound(id);
        }

        // Like Durable Functions: 202 while the instance is still going, 200 once it has finished.
        bool finished = status.RuntimeStatus is nameof(OrchestrationRuntimeStatus.Completed)
            or nameof(OrchestrationRuntimeStatus.Failed) or nameof(OrchestrationRuntimeStatus.Terminated);
        IResult json = Results.Json(status, ServerJsonContext.Default.ExportInstanceStatus, statusCode: finished ? 200 : 202);
        return finished ? json : json.WithLocation(Payload(request, id).StatusQueryGetUri);
    }

    private static async Task<IResult> ListAsync(HttpRequest request, ExportStatusReader reader, CancellationToken cancellationToken)
    {
        var statuses = new List<OrchestrationRuntimeStatus>();
        foreach (string? value in request.Query["status"])
        {
            foreach (string part in (value ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!Enum.TryParse(part, ignoreCase: true, out OrchestrationRuntimeStatus s) || int.TryParse(part, out _))
                {
                    return Problem(400, "Invalid status filter",
                        $"'status': '{part}' is not a runtime status; use a comma list of {string.Join(", ", Enum.GetNames<OrchestrationRuntimeStatus>())}.");
                }

                statuses.Add(s);
            }
        }

        if (!TryTime(request, "createdFrom", out DateTimeOffset? from, out IResult? error) || !TryTime(request, "createdTo", out DateTimeOffset? to, out error))
        {
            return error!;
        }

        int top = 100;
        if (request.Query["top"] is { Count: > 0 } topText && (!int.TryParse(topText, NumberStyles.Integer, CultureInfo.InvariantCulture, out top) || top is < 1 or > 1000))
        {
            return Problem(400, "Invalid top", $"'top': '{topText}' is not a number from 1 to 1000.");
        }

        IReadOnlyList<ExportInstanceStatus> runs = await reader.QueryAsync(
            new OrchestrationQuery { Statuses = statuses.Count == 0 ? null : statuses, CreatedFrom = from, CreatedTo = to, PageSize = top }, cancellationToken);
        return Results.Json(runs, ServerJsonContext.Default.IReadOnlyListExportInstanceStatus);
    }

    private static async Task<IResult> TerminateAsync(string id, string? reason, IOrchestrationClient client, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(id, client, cancellationToken) is { } failure)
        {
            return failure.Result;
        }

        OrchestrationMetadata run = (await client.GetInstanceAsync(id, cancellationToken: cancellationToken))!;
        if (!run.IsRunning)
        {
            return Problem(409, "Run not in progress", $"Export run '{id}' is {run.RuntimeStatus}; only a Pending, Running or Suspended run can be terminated.");
        }

        await client.TerminateInstanceAsync(id, reason ?? "terminated over HTTP", cancellationToken);
        return Results.Accepted();
    }

    private static async Task<IResult> RestartAsync(string id, HttpRequest request, IOrchestrationClient client, ExportRunStarter starter, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(id, client, cancellationToken) is { } failure)
        {
            return failure.Result;
        }

        OrchestrationMetadata run = (await client.GetInstanceAsync(id, cancellationToken: cancellationToken))!;
        CheckStatusPayload payload = Payload(request, id);
        if (run.IsRunning)
        {
            return Problem(409, "Run in progress",
                $"Export run '{id}' is {run.RuntimeStatus}; restart starts a finished run again. Wait for it ({payload.StatusQueryGetUri}) or terminate it first.");
        }

        try
        {
            // Same id: export runs are singletons, so a restart takes the run's place instead of running beside it.
            await client.RestartAsync(id, restartWithNewInstanceId: false, cancellationToken);
        }
        catch (OrchestrationAlreadyExistsException)
        {
            return Problem(409, "Run in progress", $"Export run '{id}' was started again meanwhile; follow it at {payload.StatusQueryGetUri}.");
        }

        starter.Follow(id, "restart");
        return Results.Json(payload, ServerJsonContext.Default.CheckStatusPayload, statusCode: 202).WithLocation(payload.StatusQueryGetUri);
    }

    private static async Task<IResult> RewindAsync(string id, string? reason, HttpRequest request, IOrchestrationClient client, ExportRunStarter starter, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(id, client, cancellationToken) is { } failure)
        {
            return failure.Result;
        }

        OrchestrationMetadata run = (await client.GetInstanceAsync(id, cancellationToken: cancellationToken))!;
        if (run.RuntimeStatus != OrchestrationRuntimeStatus.Failed)
        {
            return Problem(409, "Run not failed",
                $"Export run '{id}' is {run.RuntimeStatus}; rewind re-runs the failed steps of a Failed run only. Use restart to run a finished run again.");
        }

        try
        {
            await client.RewindInstanceAsync(id, reason ?? "rewound over HTTP", cancellationToken);
        }
        catch (InvalidOperationException ex)
        {
            // The engine refuses a rewind that would change the path the run took (it handled a failure and went
            // on, e.g. sent an alert); its message says to restart instead. The run is left as it was.
            return Problem(409, "Run cannot be rewound", ex.Message);
        }

        starter.Follow(id, "rewind");
        CheckStatusPayload payload = Payload(request, id);
        return Results.Json(payload, ServerJsonContext.Default.CheckStatusPayload, statusCode: 202).WithLocation(payload.StatusQueryGetUri);
    }

    private static async Task<IResult> PurgeAsync(string id, IOrchestrationClient client, CancellationToken cancellationToken)
    {
        if (await FindRunAsync(id, client, cancellationToken) is { } failure)
        {
            return failure.Result;
        }

        OrchestrationMetadata run = (await client.GetInstanceAsync(id, cancellationToken: cancellationToken))!;
        if (run.IsRunning)
        {
            return Problem(409, "Run in progress", $"Export run '{id}' is {run.RuntimeStatus}; terminate it (or wait for it to finish) before purging it.");
        }

        int deleted = await client.PurgeInstanceAsync(id, cancellationToken);
        IReadOnlyList<OrchestrationMetadata> children = await client.QueryInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = id + ":" }, cancellationToken);
        foreach (OrchestrationMetadata child in children.Where(c => !c.IsRunning))
        {
            deleted += await client.PurgeInstanceAsync(child.InstanceId, cancellationToken);
        }

        return Results.Json(new PurgeResult(deleted), ServerJsonContext.Default.PurgeResult);
    }

    private static async Task<Failure?> FindRunAsync(string id, IOrchestrationClient client, CancellationToken cancellationToken)
    {
        OrchestrationMetadata? meta = await client.GetInstanceAsync(id, cancellationToken: cancellationToken);
        if (meta is null)
        {
            return new Failure(NotFound(id));
        }

        return meta.Name == nameof(ExportRunOrchestrator)
            ? null
            : new Failure(Problem(400, "Not an export run",
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

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset parsed))
        {
            value = parsed;
            return true;
        }

        error = Problem(400, $"Invalid {name}", $"'{name}': '{text}' is not an ISO-8601 time; use e.g. 2026-01-01T00:00:00Z.");
        return false;
    }

    private static IResult NotFound(string id) => Problem(404, "No such run",
        $"No orchestration instance '{id}' exists (purged, or never started). List runs with GET {Prefix}; the export run's id is '{ExportRunStarter.RunId}'.");

    private static IResult Problem(int status, string title, string detail) => Results.Problem(title: title, detail: detail, statusCode: status);

    private static LocationResult WithLocation(this IResult result, string location) => new(result, location);

    private sealed record Failure(IResult Result);

    private sealed class LocationResult(IResult inner, string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.Headers.Location = location;
            return inner.ExecuteAsync(httpContext);
        }
    }
}
