namespace MarketoExport.FunctionApp.Http;

/// <summary>
/// The management URLs of one run, named as in Durable Functions' check-status payload so the same scripts work
/// against the Function App and the local server. They point at this app's <c>/api/exports</c> routes.
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
        return new ExportRunLinks(instanceId, run, $"{run}/terminate", $"{run}/restart", $"{run}/rewind", run);
    }
}
