using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>Custom object record endpoints and the schema (metadata) endpoints.</summary>
internal static class CustomObjectEndpoints
{
    private static readonly string[] DataTypes = ["string", "boolean", "integer", "float", "link", "email", "currency", "date", "datetime", "phone", "text"];

    public static void Map(IEndpointRouteBuilder app, SimulatorState state)
    {
        var store = state.CustomObjects;
        const string Root = "/rest/v1/customobjects";

        // Schema (metadata) API: 616 when the subscription lacks it.
        app.MapGet(Root + "/schema.json", Schema(state, c => Ok(c, store.SchemaList(Names(c), Query(c, "state")))));
        app.MapPost(Root + "/schema.json", Schema(state, async c => await Ok(c, [store.Upsert(await RequestBody.ReadJsonAsync(c))])));
        app.MapGet(Root + "/schema/fieldDataTypes.json", Schema(state, c => Reply.Ok(c, DataTypes, SimulatorJsonContext.Default.EnvelopeString)));
        app.MapGet(Root + "/schema/{apiName}/describe.json", Schema(state, c => Ok(c, [store.SchemaDescribe(Api(c), Query(c, "state"))])));
        app.MapPost(Root + "/schema/{apiName}/addField.json", Schema(state, async c => await Ok(c, store.AddFields(Api(c), await RequestBody.ReadJsonAsync(c)))));
        app.MapPost(Root + "/schema/{apiName}/approve.json", Schema(state, c => Ok(c, [store.Approve(Api(c))])));
        app.MapPost(Root + "/schema/{apiName}/discardDraft.json", Schema(state, c => Ok(c, [store.DiscardDraft(Api(c))])));
        app.MapPost(Root + "/schema/{apiName}/delete.json", Schema(state, c => Ok(c, [store.DeleteType(Api(c))])));

        // Records.
        app.MapGet(Root + ".json", (RequestDelegate)(c => Ok(c, store.List(Names(c)))));
        app.MapGet(Root + "/{apiName}/describe.json", Record(state, c => Ok(c, [store.DescribeApproved(Api(c))])));
        app.MapGet(Root + "/{apiName}.json", Record(state, c => QueryAsync(c, state)));
        app.MapPost(Root + "/{apiName}.json", Record(state, async c => await Ok(c, store.Sync(Api(c), await RequestBody.ReadJsonAsync(c)))));
        app.MapPost(Root + "/{apiName}/delete.json", Record(state, async c => await Ok(c, store.Delete(Api(c), await RequestBody.ReadJsonAsync(c)))));
    }

    private static RequestDelegate Schema(SimulatorState state, Func<HttpContext, Task> action) => context =>
        state.Options.CustomObjectSchemaApiEnabled ? action(context) : throw new ApiErrorException("616", "Invalid subscription type");

    private static RequestDelegate Record(SimulatorState state, Func<HttpContext, Task> action) => context =>
    {
        var api = Api(context);
        if (state.Faults.Take(context.Request.Path.Value ?? string.Empty, f => f.ApiName is null || string.Equals(f.ApiName, api, StringComparison.OrdinalIgnoreCase), SimulatorFaultKind.MissingCustomObjectType) is not null)
        {
            throw new ApiErrorException("1013", $"Custom object type '{api}' not found");
        }

        return action(context);
    };

    private static async Task QueryAsync(HttpContext context, SimulatorState state)
    {
        string filterType;
        IReadOnlyList<string>? values = null, fields = null;
        IReadOnlyList<JsonElement>? input = null;
        int batchSize;
        string? token;
        if (RequestBody.HasOverrideBody(context))
        {
            var body = await RequestBody.ReadJsonAsync(context);
            filterType = body.TryGetProperty("filterType", out var ft) ? ft.GetString() ?? string.Empty : throw new ApiErrorException("701", "filterType cannot be blank");
            fields = body.TryGetProperty("fields", out var fs) && fs.ValueKind == JsonValueKind.Array ? [.. fs.EnumerateArray().Select(f => f.GetString()!)] : null;
            if (body.TryGetProperty("input", out var ip) && ip.ValueKind == JsonValueKind.Array)
            {
                input = [.. ip.EnumerateArray()];
            }

            if (body.TryGetProperty("filterValues", out var fv) && fv.ValueKind == JsonValueKind.Array)
            {
                values = [.. fv.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())];
            }

            batchSize = body.TryGetProperty("batchSize", out var b) && b.ValueKind == JsonValueKind.Number ? b.GetInt32() : 300;
            token = body.TryGetProperty("nextPageToken", out var t) ? t.GetString() : null;
        }
        else
        {
            filterType = Query(context, "filterType") ?? throw new ApiErrorException("701", "filterType cannot be blank");
            values = Query(context, "filterValues")?.Split(',', StringSplitOptions.TrimEntries);
            fields = Query(context, "fields")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            batchSize = Query(context, "batchSize") is { } bs ? int.TryParse(bs, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1 : 300;
            token = Query(context, "nextPageToken");
        }

        var (items, next) = state.CustomObjects.Query(Api(context), filterType, values, input, fields, batchSize, token);
        await Reply.Ok(context, items, SimulatorJsonContext.Default.EnvelopeJsonObject, moreResult: next is not null, nextPageToken: next);
    }

    private static Task Ok(HttpContext context, IReadOnlyList<JsonObject> items) =>
        Reply.Ok(context, items, SimulatorJsonContext.Default.EnvelopeJsonObject);

    private static string Api(HttpContext context) => (string)context.Request.RouteValues["apiName"]!;

    private static string? Query(HttpContext context, string name) =>
        context.Request.Query[name].ToString() is { Length: > 0 } v ? v : null;

    private static string[]? Names(HttpContext context) =>
        Query(context, "names")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
