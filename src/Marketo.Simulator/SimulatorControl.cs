using System.Text.Json.Nodes;
using MarketoExport.Marketo.Simulator.Engine;

namespace MarketoExport.Marketo.Simulator;

/// <summary>
/// In-process control of a running simulator for tests and benchmarks: faults, the export job log, queue
/// records, call counters, quotas, token expiry, the API user's permissions and the custom-object store. The same operations are served
/// over HTTP under <c>/_sim/...</c> (see README.md).
/// </summary>
public sealed class SimulatorControl
{
    private readonly SimulatorState _state;

    internal SimulatorControl(SimulatorState state) => _state = state;

    /// <summary>Adds a fault and returns it with its assigned <see cref="SimulatorFault.Id"/>.</summary>
    public SimulatorFault AddFault(SimulatorFault fault) => _state.Faults.Add(fault);

    /// <summary>Active faults (with the remaining count in <see cref="SimulatorFault.Count"/>).</summary>
    public IReadOnlyList<SimulatorFault> GetFaults() => _state.Faults.List();

    /// <summary>Removes one fault by id.</summary>
    public bool RemoveFault(string id) => _state.Faults.Remove(id);

    /// <summary>Removes every fault.</summary>
    public void ClearFaults() => _state.Faults.Clear();

    /// <summary>Holds API calls whose path contains <paramref name="pathContains"/> in flight until the gate is released.</summary>
    public SimulatorGate Hold(string? pathContains = null) => _state.AddGate(pathContains);

    /// <summary>Every export job with its create request and status transitions, oldest first.</summary>
    public IReadOnlyList<ExportJobLogEntry> GetJobs() => _state.Exports.Log();

    /// <summary>Queue high-water marks and occupancy timeline.</summary>
    public ExportQueueRecord GetQueue() => _state.Exports.Queue();

    /// <summary>API call counters.</summary>
    public CallCounters GetCalls() => _state.Calls.Snapshot();

    /// <summary>Clears call counters and the queue record (not the limits' windows or quotas).</summary>
    public void ResetCounters()
    {
        _state.Calls.Reset();
        _state.Exports.ResetQueueRecord();
    }

    /// <summary>Bytes charged to today's export quota (sum of fileSize of jobs completed today, Central time).</summary>
    public long ExportBytesUsedToday => _state.Exports.BytesUsedToday();

    /// <summary>Today's export allocation in bytes (<see cref="SimulatorOptions.ExportQuotaMb"/> MB).</summary>
    public long ExportQuotaBytes => _state.Exports.QuotaBytes;

    /// <summary>Makes every issued access token expired now (calls with it get 602).</summary>
    public void ExpireTokens() => _state.Tokens.ExpireAll();

    /// <summary>Advances export jobs by one tick immediately (in addition to the timer).</summary>
    public void Tick() => _state.Exports.Tick();

    /// <summary>Ends a Created/Queued/Processing job as Failed behind the client's back.</summary>
    public bool FailJob(string exportId, string? message = null) => _state.Exports.ForceEnd(exportId, "Failed", message);

    /// <summary>Ends a Created/Queued/Processing job as Cancelled behind the client's back.</summary>
    public bool CancelJob(string exportId) => _state.Exports.ForceEnd(exportId, "Cancelled", null);

    /// <summary>Makes a completed job's file answer 404.</summary>
    public bool DeleteFile(string exportId) => _state.Exports.MarkFileMissing(exportId);

    /// <summary>Uses up today's export quota (1029 on create and enqueue until midnight Central).</summary>
    public void ExhaustExportQuota() => _state.Exports.ExhaustQuota();

    /// <summary>Uses up today's call quota (607 until midnight Central).</summary>
    public void ExhaustDailyCallQuota() => _state.Calls.ExhaustDailyQuota();

    /// <summary>Subscription switch: the updatedAt bulk filter (1035 when false).</summary>
    public bool UpdatedAtFilterSupported
    {
        get => _state.Options.UpdatedAtFilterSupported;
        set => _state.Options.UpdatedAtFilterSupported = value;
    }

    /// <summary>Subscription switch: smart-list bulk filters (1035 when false).</summary>
    public bool SmartListFilterSupported
    {
        get => _state.Options.SmartListFilterSupported;
        set => _state.Options.SmartListFilterSupported = value;
    }

    /// <summary>Subscription switch: the custom-object schema API (616 when false).</summary>
    public bool CustomObjectSchemaApiEnabled
    {
        get => _state.Options.CustomObjectSchemaApiEnabled;
        set => _state.Options.CustomObjectSchemaApiEnabled = value;
    }

    /// <summary>Bulk export behaviour for custom objects without a lead link.</summary>
    public StandaloneCustomObjectExportMode StandaloneCustomObjectExport
    {
        get => _state.Options.StandaloneCustomObjectExport;
        set => _state.Options.StandaloneCustomObjectExport = value;
    }

    /// <summary>
    /// The API user's role permissions: a call into an area not granted answers 603 "Access denied" (e.g. remove
    /// <see cref="SimulatorApiPermissions.Lead"/> to deny lead describe and lead/program-member bulk export).
    /// </summary>
    public SimulatorApiPermissions ApiUserPermissions
    {
        get => _state.Options.ApiUserPermissions;
        set => _state.Options.ApiUserPermissions = value;
    }

    /// <summary>API names of every custom object type (draft or approved).</summary>
    public IReadOnlyList<string> GetCustomObjectTypes() => _state.CustomObjects.TypeNames();

    /// <summary>Copies of the stored records of a custom object type (marketoGUID, createdAt, updatedAt and the fields).</summary>
    public IReadOnlyList<JsonObject> GetCustomObjectRecords(string apiName) => _state.CustomObjects.Records(apiName);
}
