using System.Globalization;
using System.Net.Http.Headers;
using MarketoExport.Marketo.Simulator.CustomObjects;
using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>Bulk export endpoints for leads, activities, program members and custom objects.</summary>
internal static class BulkExportEndpoints
{
    private static readonly string[] Statuses = [ExportJob.Created, ExportJob.Queued, ExportJob.Processing, ExportJob.Completed, ExportJob.Failed, ExportJob.Cancelled];

    public static void Map(IEndpointRouteBuilder app, SimulatorState state)
    {
        foreach (var (prefix, entity) in new[] { ("leads", "leads"), ("activities", "activities"), ("program/members", "program/members"), ("customobjects/{apiName}", "customobjects") })
        {
            var root = "/bulk/v1/" + prefix + "/export";
            app.MapPost(root + "/create.json", Handler(async (c, api) => await Job(c, state.Exports.Create(entity, api, await RequestBody.ReadJsonAsync(c)))));
            app.MapPost(root + "/{exportId}/enqueue.json", Handler((c, api) => Job(c, state.Exports.Enqueue(entity, api, Id(c)))));
            app.MapGet(root + "/{exportId}/status.json", Handler((c, api) => Job(c, state.Exports.Status(entity, api, Id(c)))));
            app.MapPost(root + "/{exportId}/cancel.json", Handler((c, api) => Job(c, state.Exports.Cancel(entity, api, Id(c)))));
            app.MapGet(root + "/{exportId}/file.json", Handler((c, api) => FileAsync(c, state, entity, api)));
            app.MapGet(root + ".json", Handler((c, api) => ListAsync(c, state, entity, api)));
        }
    }

    private static RequestDelegate Handler(Func<HttpContext, string?, Task> action) =>
        context => action(context, context.Request.RouteValues.TryGetValue("apiName", out var api) ? api as string : null);

    private static string Id(HttpContext context) => (string)context.Request.RouteValues["exportId"]!;

    private static Task Job(HttpContext context, ExportJob job) =>
        Reply.Ok(context, [job.ToDto()], SimulatorJsonContext.Default.EnvelopeExportJobDto);

    private static Task ListAsync(HttpContext context, SimulatorState state, string entity, string? apiName)
    {
        HashSet<string>? statuses = null;
        foreach (var raw in context.Request.Query["status"])
        {
            foreach (var part in (raw ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                var canonical = part.Equals("canceled", StringComparison.OrdinalIgnoreCase) ? ExportJob.Cancelled : Statuses.FirstOrDefault(s => s.Equals(part, StringComparison.OrdinalIgnoreCase));
                statuses ??= new(StringComparer.Ordinal);
                statuses.Add(canonical ?? throw new ApiErrorException("1003", $"Invalid status '{part}'; use {string.Join(", ", Statuses)}"));
            }
        }

        var batchSize = 300;
        if (context.Request.Query["batchSize"].ToString() is { Length: > 0 } bs && (!int.TryParse(bs, NumberStyles.Integer, CultureInfo.InvariantCulture, out batchSize) || batchSize is < 1 or > 300))
        {
            throw new ApiErrorException("1003", "batchSize must be between 1 and 300");
        }

        var offset = CustomObjectStore.ParsePageToken(context.Request.Query["nextPageToken"].ToString());
        var all = state.Exports.List(entity, apiName, statuses);
        var page = all.Skip(offset).Take(batchSize).Select(j => j.ToDto()).ToList();
        var more = offset + page.Count < all.Count;
        return Reply.Ok(context, page, SimulatorJsonContext.Default.EnvelopeExportJobDto, moreResult: more,
            nextPageToken: more ? Convert.ToBase64String(BitConverter.GetBytes(offset + page.Count)) : null);
    }

    private static async Task FileAsync(HttpContext context, SimulatorState state, string entity, string? apiName)
    {
        var exportId = Id(context);
        var file = state.Exports.File(entity, apiName, exportId, out var reason);
        var path = context.Request.Path.Value ?? string.Empty;
        if (file is null)
        {
            await Reply.Text(context, StatusCodes.Status404NotFound, reason);
            return;
        }

        if (state.Faults.Take(path, f => f.ExportId is null || string.Equals(f.ExportId, exportId, StringComparison.OrdinalIgnoreCase), SimulatorFaultKind.FileMissing) is not null)
        {
            await Reply.Text(context, StatusCodes.Status404NotFound, "Export file not found");
            return;
        }

        var size = file.Size;
        long from = 0, to = size - 1;
        var response = context.Response;
        response.Headers.AcceptRanges = "bytes";
        var rangeHeader = context.Request.Headers.Range.ToString();
        var partial = false;
        if (!string.IsNullOrEmpty(rangeHeader))
        {
            if (!RangeHeaderValue.TryParse(rangeHeader, out var range) || !string.Equals(range.Unit, "bytes", StringComparison.OrdinalIgnoreCase) || range.Ranges.Count != 1)
            {
                await Unsatisfiable(context, size);
                return;
            }

            var r = range.Ranges.First();
            (from, to) = (r.From, r.To) switch
            {
                ({ } a, { } b) => (a, Math.Min(b, size - 1)),
                ({ } a, null) => (a, size - 1),
                (null, { } suffix) => (Math.Max(0, size - suffix), size - 1),
                _ => (-1, -1),
            };
            if (from < 0 || from >= size || to < from)
            {
                await Unsatisfiable(context, size);
                return;
            }

            partial = true;
        }

        var length = size == 0 ? 0 : to - from + 1;
        response.StatusCode = partial ? StatusCodes.Status206PartialContent : StatusCodes.Status200OK;
        response.ContentType = "text/csv;charset=UTF-8";
        response.ContentLength = length;
        if (partial)
        {
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {from}-{to}/{size}");
        }

        var cut = state.Faults.Take(path, f => f.ExportId is null || string.Equals(f.ExportId, exportId, StringComparison.OrdinalIgnoreCase), SimulatorFaultKind.CutDownload);
        if (cut is not null)
        {
            // Returning with fewer bytes than Content-Length makes Kestrel close the connection after sending what
            // was written (no keep-alive), which the client sees as a response that ended prematurely.
            response.Headers.Connection = "close";
        }

        await file.CopyAsync(response.Body, from, length, cut?.AfterBytes ?? (cut is null ? null : 0), context.RequestAborted);
    }

    private static Task Unsatisfiable(HttpContext context, long size)
    {
        context.Response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes */{size}");
        return Reply.Text(context, StatusCodes.Status416RangeNotSatisfiable, "Requested range not satisfiable");
    }
}
