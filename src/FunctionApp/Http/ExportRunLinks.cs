namespace MarketoExport.FunctionApp.Http;

/// <summary>
/// The check-status payload of a run: Durable Functions' field names, pointing at this app's <c>/api/exports</c>
/// routes, and the same URLs as the local server's, so the same scripts work against both.
/// </summary>
public sealed record ExportRunLinks(
    string Id,
    string StatusQueryGetUri,
    string TerminatePostUri,
    string RestartPostUri,
    string RewindPostUri,
    string PurgeHistoryDeleteUri)
{
    /// <summary>The links of <paramref name="instanceId"/> under <paramref name="exportsBaseUrl"/> (…/api/exports).</summary>
    public static ExportRunLinks For(string exportsBaseUrl, string instanceId)
    {
        string run = $"{exportsBaseUrl}/{Uri.EscapeDataString(instanceId)}";
        return new ExportRunLinks(instanceId, run, $"{run}/terminate?reason={{text}}", $"{run}/restart", $"{run}/rewind?reason={{text}}", run);
    }
}
