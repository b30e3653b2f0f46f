namespace MarketoExport.FunctionApp;

/// <summary>Reads the managed identity's client id from <c>APPLICATIONINSIGHTS_AUTHENTICATION_STRING</c>.</summary>
public static class AppInsightsIdentity
{
    /// <summary>The <c>ClientId</c> of a string like <c>ClientId=…;Authorization=AAD</c>; null when absent.</summary>
    public static string? ClientId(string? authenticationString)
    {
        foreach (string part in (authenticationString ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq > 0 && part[..eq].Trim().Equals("ClientId", StringComparison.OrdinalIgnoreCase) && part[(eq + 1)..].Trim() is { Length: > 0 } id)
            {
                return id;
            }
        }

        return null;
    }
}
