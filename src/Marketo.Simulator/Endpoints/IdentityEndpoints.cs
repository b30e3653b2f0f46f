using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.Endpoints;

/// <summary><c>/identity/oauth/token</c>: client credentials in the query (or a form body); not counted.</summary>
internal static class IdentityEndpoints
{
    public static void Map(IEndpointRouteBuilder app, SimulatorState state)
    {
        RequestDelegate handler = context => TokenAsync(context, state);
        app.MapMethods("/identity/oauth/token", [HttpMethods.Get, HttpMethods.Post], handler);
    }

    private static async Task TokenAsync(HttpContext context, SimulatorState state)
    {
        var request = context.Request;
        if (state.Faults.Take(request.Path.Value ?? string.Empty, f => f.PathContains is not null, SimulatorFaultKind.HttpStatus) is { } fault)
        {
            await Reply.Text(context, fault.StatusCode ?? 502, "Simulated identity failure");
            return;
        }

        string? Param(string name)
        {
            var value = request.Query[name].ToString();
            if (string.IsNullOrEmpty(value) && request.HasFormContentType)
            {
                value = request.Form[name].ToString();
            }

            return string.IsNullOrEmpty(value) ? null : value;
        }

        if (request.HasFormContentType)
        {
            await request.ReadFormAsync(context.RequestAborted);
        }

        var grant = Param("grant_type");
        if (grant != "client_credentials")
        {
            await Reply.Json(context, new OAuthError("unsupported_grant_type", "grant_type must be client_credentials"), SimulatorJsonContext.Default.OAuthError, StatusCodes.Status400BadRequest);
            return;
        }

        var clientId = Param("client_id");
        var secret = Param("client_secret");
        if (clientId != state.Options.ClientId)
        {
            await Reply.Json(context, new OAuthError("unauthorized", "No client with requested id"), SimulatorJsonContext.Default.OAuthError, StatusCodes.Status401Unauthorized);
            return;
        }

        if (secret != state.Options.ClientSecret)
        {
            await Reply.Json(context, new OAuthError("invalid_client", "Bad client credentials"), SimulatorJsonContext.Default.OAuthError, StatusCodes.Status401Unauthorized);
            return;
        }

        var (token, expiresIn) = state.Tokens.Issue(clientId);
        await Reply.Json(context, new TokenResponse(token, "bearer", expiresIn, state.Options.ApiUserEmail), SimulatorJsonContext.Default.TokenResponse);
    }
}
