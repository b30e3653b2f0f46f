namespace MarketoExport.FunctionApp.Http;

/// <summary>The 409 body when a run is already active (runs are singletons).</summary>
/// <param name="Message">What happened and what to do.</param>
/// <param name="RunningInstanceId">The active run.</param>
/// <param name="StatusQueryGetUri">Its status URL.</param>
public sealed record ExportRunConflict(string Message, string RunningInstanceId, string StatusQueryGetUri);
