using System.Text.Json;
using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary><c>/_sim/...</c>: the <see cref="SimulatorControl"/> operations over HTTP (no auth, not counted).</summary>
internal static class ControlEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorControl control)
    {
        var ctx = SimulatorJsonContext.Default;
        app.MapGet("/_sim/faults", (RequestDelegate)(c => Reply.Json(c, control.GetFaults(), ctx.IReadOnlyListSimulatorFault)));
        app.MapPost("/_sim/faults", (RequestDelegate)(async c =>
        {
            SimulatorFault? fault;
            try
            {
                fault = await JsonSerializer.DeserializeAsync(c.Request.Body, ctx.SimulatorFault, c.RequestAborted);
            }
            catch (JsonException e)
            {
                await Reply.Text(c, 400, "Invalid fault JSON: " + e.Message);
                return;
            }

            if (fault is null)
            {
                await Reply.Text(c, 400, "Send a fault object, e.g. {\"kind\":\"ErrorCode\",\"code\":\"606\",\"count\":3}");
                return;
            }

            await Reply.Json(c, control.AddFault(fault), ctx.SimulatorFault);
        }));
        app.MapDelete("/_sim/faults", (RequestDelegate)(c =>
        {
            control.ClearFaults();
            return NoContent(c);
        }));
        app.MapDelete("/_sim/faults/{id}", (RequestDelegate)(c =>
        {
            c.Response.StatusCode = control.RemoveFault((string)c.Request.RouteValues["id"]!) ? 204 : 404;
            return Task.CompletedTask;
        }));
        app.MapGet("/_sim/jobs", (RequestDelegate)(c => Reply.Json(c, control.GetJobs(), ctx.IReadOnlyListExportJobLogEntry)));
        app.MapPost("/_sim/jobs/{exportId}/fail", (RequestDelegate)(c => Found(c, control.FailJob(Id(c), c.Request.Query["message"].ToString() is { Length: > 0 } m ? m : null))));
        app.MapPost("/_sim/jobs/{exportId}/cancel", (RequestDelegate)(c => Found(c, control.CancelJob(Id(c)))));
        app.MapPost("/_sim/jobs/{exportId}/delete-file", (RequestDelegate)(c => Found(c, control.DeleteFile(Id(c)))));
        app.MapPost("/_sim/tick", (RequestDelegate)(c =>
        {
            control.Tick();
            return NoContent(c);
        }));
        app.MapGet("/_sim/queue", (RequestDelegate)(c => Reply.Json(c, control.GetQueue(), ctx.ExportQueueRecord)));
        app.MapGet("/_sim/calls", (RequestDelegate)(c => Reply.Json(c, control.GetCalls(), ctx.CallCounters)));
        app.MapPost("/_sim/reset-counters", (RequestDelegate)(c =>
        {
            control.ResetCounters();
            return NoContent(c);
        }));
        app.MapGet("/_sim/export-usage", (RequestDelegate)(c => Reply.Json(c, new ExportUsageDto(control.ExportBytesUsedToday, control.ExportQuotaBytes), ctx.ExportUsageDto)));
        app.MapPost("/_sim/quota/export/exhaust", (RequestDelegate)(c =>
        {
            control.ExhaustExportQuota();
            return NoContent(c);
        }));
        app.MapPost("/_sim/quota/calls/exhaust", (RequestDelegate)(c =>
        {
            control.ExhaustDailyCallQuota();
            return NoContent(c);
        }));
        app.MapPost("/_sim/tokens/expire", (RequestDelegate)(c =>
        {
            control.ExpireTokens();
            return NoContent(c);
        }));
        app.MapGet("/_sim/subscription", (RequestDelegate)(c => Reply.Json(c, Subscription(control), ctx.SubscriptionDto)));
        app.MapPost("/_sim/subscription", (RequestDelegate)(async c =>
        {
            var dto = await JsonSerializer.DeserializeAsync(c.Request.Body, ctx.SubscriptionDto, c.RequestAborted);
            control.UpdatedAtFilterSupported = dto?.UpdatedAtFilterSupported ?? control.UpdatedAtFilterSupported;
            control.SmartListFilterSupported = dto?.SmartListFilterSupported ?? control.SmartListFilterSupported;
            control.CustomObjectSchemaApiEnabled = dto?.CustomObjectSchemaApiEnabled ?? control.CustomObjectSchemaApiEnabled;
            control.StandaloneCustomObjectExport = dto?.StandaloneCustomObjectExport ?? control.StandaloneCustomObjectExport;
            await Reply.Json(c, Subscription(control), ctx.SubscriptionDto);
        }));
        app.MapGet("/_sim/permissions", (RequestDelegate)(c => Reply.Json(c, Permissions(control), ctx.PermissionsDto)));
        app.MapPost("/_sim/permissions", (RequestDelegate)(async c =>
        {
            PermissionsDto? dto;
            try
            {
                dto = await JsonSerializer.DeserializeAsync(c.Request.Body, ctx.PermissionsDto, c.RequestAborted);
            }
            catch (JsonException e)
            {
                await Reply.Text(c, 400, "Invalid permissions JSON: " + e.Message);
                return;
            }

            var granted = control.ApiUserPermissions;
            granted = Set(granted, SimulatorApiPermissions.Lead, dto?.Lead);
            granted = Set(granted, SimulatorApiPermissions.Activity, dto?.Activity);
            granted = Set(granted, SimulatorApiPermissions.CustomObject, dto?.CustomObject);
            granted = Set(granted, SimulatorApiPermissions.CustomObjectType, dto?.CustomObjectType);
            control.ApiUserPermissions = granted;
            await Reply.Json(c, Permissions(control), ctx.PermissionsDto);
        }));
        app.MapGet("/_sim/customobjects", (RequestDelegate)(c => Reply.Json(c, new System.Text.Json.Nodes.JsonArray([.. control.GetCustomObjectTypes().Select(n => (System.Text.Json.Nodes.JsonNode)n)]), ctx.JsonArray)));
        app.MapGet("/_sim/customobjects/{apiName}/records", (RequestDelegate)(c => Reply.Json(c,
            new System.Text.Json.Nodes.JsonArray([.. control.GetCustomObjectRecords((string)c.Request.RouteValues["apiName"]!)]), ctx.JsonArray)));
    }

    private static SubscriptionDto Subscription(SimulatorControl control) =>
        new(control.UpdatedAtFilterSupported, control.SmartListFilterSupported, control.CustomObjectSchemaApiEnabled, control.StandaloneCustomObjectExport);

    private static PermissionsDto Permissions(SimulatorControl control)
    {
        var p = control.ApiUserPermissions;
        return new(p.HasFlag(SimulatorApiPermissions.Lead), p.HasFlag(SimulatorApiPermissions.Activity), p.HasFlag(SimulatorApiPermissions.CustomObject), p.HasFlag(SimulatorApiPermissions.CustomObjectType));
    }

    private static SimulatorApiPermissions Set(SimulatorApiPermissions granted, SimulatorApiPermissions area, bool? allowed) => allowed switch
    {
        true => granted | area,
        false => granted & ~area,
        null => granted,
    };

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["exportId"]!;

    private static Task NoContent(HttpContext context)
    {
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static Task Found(HttpContext context, bool found) =>
        found ? NoContent(context) : Reply.Text(context, 404, "No such job, or it has already ended");
}
