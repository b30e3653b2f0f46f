using System.Globalization;
using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;
using Microsoft.AspNetCore.Http.Extensions;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary>
/// The gate every <c>/rest</c> and <c>/bulk</c> call passes: size limits (413/414), the <c>_method=GET</c>
/// override (before routing), then (after routing) token check (601/602), limits (607/606/615), injected
/// faults, holds, the API user's permissions (603), and counting.
/// </summary>
internal static class ApiPipeline
{
    private const int MaxUriLength = 8 * 1024;
    private const long MaxBody = 1024 * 1024;

    public static bool IsApi(PathString path) =>
        path.StartsWithSegments("/rest", StringComparison.OrdinalIgnoreCase) || path.StartsWithSegments("/bulk", StringComparison.OrdinalIgnoreCase);

    /// <summary>Runs before routing.</summary>
    public static async Task PreRoutingAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (!IsApi(request.Path))
        {
            await next(context);
            return;
        }

        context.Items[Reply.RequestIdItem] = Reply.NewRequestId();
        var uriLength = (request.PathBase + request.Path).Value!.Length + (request.QueryString.Value?.Length ?? 0);
        if (uriLength > MaxUriLength)
        {
            await Reply.Text(context, StatusCodes.Status414UriTooLong, "Request-URI Too Long");
            return;
        }

        if (request.ContentLength > MaxBody)
        {
            await Reply.Text(context, StatusCodes.Status413PayloadTooLarge, "Request Entity Too Large");
            return;
        }

        if (HttpMethods.IsPost(request.Method) && string.Equals(request.Query["_method"], "GET", StringComparison.OrdinalIgnoreCase))
        {
            if (request.HasFormContentType)
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                var query = new QueryBuilder();
                foreach (var (key, values) in request.Query.Where(q => q.Key != "_method"))
                {
                    query.Add(key, values.ToArray()!);
                }

                foreach (var (key, values) in form)
                {
                    query.Add(key, values.ToArray()!);
                }

                request.QueryString = query.ToQueryString();
            }
            else
            {
                using var buffer = new MemoryStream();
                await request.Body.CopyToAsync(buffer, context.RequestAborted);
                context.Items[RequestBody.OverrideBodyItem] = buffer.ToArray();
            }

            request.Method = HttpMethods.Get;
        }

        await next(context);
    }

    /// <summary>Runs after routing, before the endpoint.</summary>
    public static async Task GateAsync(HttpContext context, RequestDelegate next, SimulatorState state)
    {
        var request = context.Request;
        if (!IsApi(request.Path))
        {
            await next(context);
            return;
        }

        var endpoint = context.GetEndpoint();
        var route = endpoint is RouteEndpoint re && re.Metadata.GetMetadata<IHttpMethodMetadata>() is { } m && m.HttpMethods.Contains(request.Method, StringComparer.OrdinalIgnoreCase) ? re : null;
        var key = request.Method + " " + (route?.RoutePattern.RawText ?? request.Path.Value);
        state.Calls.RecordReceived(key);
        var path = request.Path.Value ?? string.Empty;

        var token = BearerToken(request);
        if (token is null && state.Options.AcceptLegacyQueryToken)
        {
            token = request.Query["access_token"].ToString();
        }

        switch (state.Tokens.Validate(token))
        {
            case TokenStore.Check.Invalid:
                await Fail(context, state, "601", string.IsNullOrEmpty(token) ? "Access token not specified" : "Access token invalid");
                return;
            case TokenStore.Check.Expired:
                await Fail(context, state, "602", "Access token expired");
                return;
        }

        var (admission, reject) = state.Calls.TryAdmit();
        if (admission is null)
        {
            await Fail(context, state, reject!, Reply.DefaultMessage(reject!, state.Options));
            return;
        }

        try
        {
            var fault = state.Faults.Take(path, null, SimulatorFaultKind.ErrorCode, SimulatorFaultKind.HttpStatus);
            if (fault is { Kind: SimulatorFaultKind.ErrorCode })
            {
                var code = fault.Code ?? "611";
                await Reply.Error(context, code, fault.Message ?? Reply.DefaultMessage(code, state.Options));
            }
            else if (fault is { Kind: SimulatorFaultKind.HttpStatus })
            {
                var status = fault.StatusCode ?? 502;
                await Reply.Text(context, status, status == 502 ? "Bad Gateway" : "Simulated HTTP " + status.ToString(CultureInfo.InvariantCulture));
            }
            else
            {
                if (state.MatchGate(path) is { } gate)
                {
                    await gate.HoldAsync(context.RequestAborted);
                }

                if (route is not null && !PermissionRules.Allows(state.Options.ApiUserPermissions, path))
                {
                    // A role without the permission: HTTP 200 with 603, counted like any answered call.
                    await Reply.Error(context, "603", "Access denied");
                }
                else if (route is null)
                {
                    if (endpoint is null)
                    {
                        await Reply.Error(context, "610", "Requested resource not found");
                    }
                    else
                    {
                        await Reply.Error(context, "605", $"Request method '{request.Method}' not supported");
                    }
                }
                else
                {
                    try
                    {
                        await next(context);
                    }
                    catch (ApiErrorException e) when (!context.Response.HasStarted)
                    {
                        await Reply.Error(context, e.Code, e.Message);
                    }
                    catch (PayloadTooLargeException) when (!context.Response.HasStarted)
                    {
                        await Reply.Text(context, StatusCodes.Status413PayloadTooLarge, "Request Entity Too Large");
                    }
                }
            }
        }
        finally
        {
            var code = context.Items.TryGetValue(Reply.ErrorCodeItem, out var c) ? c as string : null;
            admission.ErrorCode = code;
            admission.Dispose();
            if (code is not null)
            {
                state.Calls.RecordError(code);
            }
        }
    }

    private static async Task Fail(HttpContext context, SimulatorState state, string code, string message)
    {
        await Reply.Error(context, code, message);
        state.Calls.RecordError(code);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }
}
