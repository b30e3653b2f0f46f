using DurableTask.AzureStorage;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;

namespace MarketoExport.Durable.AzureStorage;

/// <summary>
/// The client side of DurableTask.AzureStorage as this project needs it, for <see cref="DurableTaskCoreClient"/>:
/// <list type="bullet">
/// <item>a start never replaces an instance that is Pending, Running or Suspended: it throws
/// <see cref="OrchestrationAlreadyExistsException"/>, also when another client's start of the same id won a race
/// (the provider alone would drop the loser's start silently);</item>
/// <item>purge refuses instances that have not ended (the provider alone deletes a running instance);</item>
/// <item>rewind is refused with the reason (<see cref="RewindRefusal"/>): the provider's rewind cannot honour this
/// project's rewind modes;</item>
/// <item>recursive terminate and purge follow the sub-orchestrations recorded in history.</item>
/// </list>
/// Everything else is the provider's own behaviour.
/// </summary>
public sealed class AzureStorageOrchestrationClient :
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IOrchestrationServiceRewindClient,
    IOrchestrationServiceExtendedClient
{
    /// <summary>Why this backend does not rewind; the management API answers 501 with it.</summary>
    public const string RewindRefusal =
        "the Azure Storage backend cannot rewind safely; restart the run instead. Its rewind (RewindTaskOrchestrationAsync) "
        + "turns every failure of the execution back into pending work, handled ones included, and keeps what the "
        + "orchestrator scheduled after the failure, so a retried activity or a fan-out coordinator replays "
        + "non-deterministically; it also rewrites history row by row, not in one transaction.";

    private static readonly OrchestrationStatus[] ActiveStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];
    private static readonly OrchestrationStatus[] EndedStatuses =
        [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];

    /// <summary>Each history event class by its <see cref="EventType"/> (TaskScheduled → TaskScheduledEvent, GenericEvent → GenericEvent).</summary>
    private static readonly Dictionary<EventType, Type> HistoryTypes = HistoryEvent.KnownTypes()
        .SelectMany(t => Enum.GetValues<EventType>().Where(e => t.Name == e + "Event" || t.Name == e.ToString()).Select(e => (Event: e, Type: t)))
        .DistinctBy(x => x.Event)
        .ToDictionary(x => x.Event, x => x.Type);

    private readonly AzureStorageOrchestrationService _service;
    private readonly TimeProvider _time;

    /// <summary>Creates the client over <paramref name="service"/> (not owned: its owner disposes it).</summary>
    /// <param name="service">The provider.</param>
    /// <param name="timeProvider">Paces the status polls of terminate and wait-for-start; default the system clock.</param>
    public AzureStorageOrchestrationClient(AzureStorageOrchestrationService service, TimeProvider? timeProvider = null)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>How long a recursive terminate waits for the parent to end before it terminates the children.</summary>
    /// <value>Default 30 seconds.</value>
    public TimeSpan TerminateWait { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The provider.</summary>
    public AzureStorageOrchestrationService Service => _service;

    /// <summary>Starts an instance unless it is Pending, Running or Suspended.</summary>
    /// <exception cref="OrchestrationAlreadyExistsException">The instance exists and is active.</exception>
    public Task CreateTaskOrchestrationAsync(TaskMessage creationMessage) => CreateTaskOrchestrationAsync(creationMessage, ActiveStatuses);

    /// <summary>
    /// Starts an instance unless it exists in one of <paramref name="dedupeStatuses"/> (null or empty: Pending,
    /// Running, Suspended). An instance that has ended in another status is replaced by a new execution.
    /// </summary>
    /// <exception cref="OrchestrationAlreadyExistsException">
    /// The instance exists in one of the statuses, or another client started it at the same moment and won.
    /// </exception>
    public async Task CreateTaskOrchestrationAsync(TaskMessage creationMessage, OrchestrationStatus[] dedupeStatuses)
    {
        ArgumentNullException.ThrowIfNull(creationMessage);
        OrchestrationStatus[] dedupe = dedupeStatuses is { Length: > 0 } ? dedupeStatuses : ActiveStatuses;

        string instanceId = creationMessage.OrchestrationInstance.InstanceId;
        try
        {
            // ThrowExceptionOnInvalidDedupeStatus makes the provider throw for an instance it finds in a dedupe status.
            await _service.CreateTaskOrchestrationAsync(creationMessage, dedupe).ConfigureAwait(false);
        }
        catch (OrchestrationAlreadyExistsException ex)
        {
            throw new OrchestrationAlreadyExistsException($"An orchestration with instance ID '{instanceId}' already exists: {ex.Message}", ex);
        }

        // The provider checks, then writes the instance row with an ETag and ignores a conflict: two starts of one
        // id at the same moment (two `serve` schedules) both return, and the loser's start message is dropped when a
        // worker reads it. The row says whose start won.
        string? executionId = creationMessage.OrchestrationInstance.ExecutionId;
        OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
        if (state is not null && !string.IsNullOrEmpty(executionId)
            && !string.Equals(state.OrchestrationInstance.ExecutionId, executionId, StringComparison.OrdinalIgnoreCase))
        {
            throw new OrchestrationAlreadyExistsException(
                $"An orchestration with instance ID '{instanceId}' was started by another client at the same moment; that start won and is {state.OrchestrationStatus}.");
        }
    }

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageAsync(TaskMessage message) => _service.SendTaskOrchestrationMessageAsync(message);

    /// <inheritdoc />
    public Task SendTaskOrchestrationMessageBatchAsync(params TaskMessage[] messages) => _service.SendTaskOrchestrationMessageBatchAsync(messages);

    /// <summary>
    /// Waits for the instance to end, polling its row (50 ms at first, then every second; the provider's own wait
    /// polls every 2 s), and returns its state with input and output.
    /// </summary>
    /// <returns>The ended state; null when it has not ended within <paramref name="timeout"/>.</returns>
    public async Task<OrchestrationState> WaitForOrchestrationAsync(string instanceId, string executionId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        OrchestrationState? ended = await WaitForStateAsync(
            instanceId,
            s => !ActiveStatuses.Contains(s.OrchestrationStatus) && s.OrchestrationStatus != OrchestrationStatus.ContinuedAsNew,
            timeout,
            cancellationToken).ConfigureAwait(false);
        if (ended is null || ActiveStatuses.Contains(ended.OrchestrationStatus) || ended.OrchestrationStatus == OrchestrationStatus.ContinuedAsNew)
        {
            return null!;
        }

        return await _service.GetOrchestrationStateAsync(instanceId, executionId).ConfigureAwait(false) ?? ended;
    }

    /// <inheritdoc />
    public Task ForceTerminateTaskOrchestrationAsync(string instanceId, string reason) => _service.ForceTerminateTaskOrchestrationAsync(instanceId, reason);

    /// <inheritdoc />
    public Task<IList<OrchestrationState>> GetOrchestrationStateAsync(string instanceId, bool allExecutions)
        => _service.GetOrchestrationStateAsync(instanceId, allExecutions);

    /// <inheritdoc />
    public Task<OrchestrationState> GetOrchestrationStateAsync(string instanceId, string executionId)
        => _service.GetOrchestrationStateAsync(instanceId, executionId);

    /// <summary>
    /// The history as DurableTask.Core's JSON (with type names, as <see cref="JsonDataConverter.Default"/> writes it);
    /// the provider writes plain JSON, which names each event's type only by its <c>EventType</c> number.
    /// </summary>
    public async Task<string> GetOrchestrationHistoryAsync(string instanceId, string executionId)
    {
        string json = await _service.GetOrchestrationHistoryAsync(instanceId, executionId).ConfigureAwait(false);
        return JsonDataConverter.Default.Serialize(ReadHistory(json));
    }

    /// <summary>Reads the provider's plain history JSON into the concrete event types.</summary>
    internal static List<HistoryEvent> ReadHistory(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        // Strings stay strings: inputs and outputs may hold text that looks like a date.
        using var reader = new JsonTextReader(new StringReader(json)) { DateParseHandling = DateParseHandling.None };
        var serializer = JsonSerializer.Create(new JsonSerializerSettings { DateParseHandling = DateParseHandling.None });
        var events = new List<HistoryEvent>();
        foreach (JObject item in JArray.Load(reader).OfType<JObject>())
        {
            JToken? kind = item["EventType"];
            EventType type = kind?.Type == JTokenType.Integer
                ? (EventType)kind.Value<int>()
                : Enum.Parse<EventType>(kind?.Value<string>() ?? throw new FormatException("A history event without an EventType."));
            Type clr = HistoryTypes.TryGetValue(type, out Type? known)
                ? known
                : throw new FormatException($"History event type {type} has no DurableTask.Core class.");
            events.Add((HistoryEvent)item.ToObject(clr, serializer)!);
        }

        return events;
    }

    /// <summary>Not offered: purging by a time threshold would also delete instances that are still running.</summary>
    /// <exception cref="NotSupportedException">Always; purge by filter (<see cref="PurgeInstanceStateAsync(PurgeInstanceFilter)"/>) instead.</exception>
    public Task PurgeOrchestrationHistoryAsync(DateTime thresholdDateTimeUtc, OrchestrationStateTimeRangeFilterType timeRangeFilterType)
        => throw new NotSupportedException(
            "The Azure Storage backend does not purge by a time threshold (it would delete running instances too); purge by a filter of ended statuses instead.");

    /// <inheritdoc />
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
        => _service.GetOrchestrationWithQueryAsync(query, cancellationToken);

    /// <summary>Purges an ended instance; refuses one that is Pending, Running or Suspended.</summary>
    /// <exception cref="InvalidOperationException">The instance has not ended.</exception>
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
        => new(await PurgeInstanceAsync(instanceId, recursive: false).ConfigureAwait(false));

    /// <summary>Purges the ended instances that match the filter; without statuses, only ended ones.</summary>
    /// <exception cref="InvalidOperationException">The filter names a status of instances that have not ended.</exception>
    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        List<OrchestrationStatus> statuses = purgeInstanceFilter.RuntimeStatus?.Distinct().ToList() ?? [];
        List<OrchestrationStatus> active = statuses.Where(s => !EndedStatuses.Contains(s)).ToList();
        if (active.Count > 0)
        {
            throw new InvalidOperationException(
                $"Only Completed, Failed or Terminated instances can be purged; the filter asks for {string.Join(", ", active)}. Terminate those instances first.");
        }

        var guarded = new PurgeInstanceFilter(purgeInstanceFilter.CreatedTimeFrom, purgeInstanceFilter.CreatedTimeTo, statuses.Count > 0 ? statuses : EndedStatuses)
        {
            Timeout = purgeInstanceFilter.Timeout,
        };
        return ((IOrchestrationServicePurgeClient)_service).PurgeInstanceStateAsync(guarded);
    }

    /// <summary>Refused: see <see cref="RewindRefusal"/>.</summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public Task RewindAsync(string instanceId, string reason, Func<string, RewindMode> modeOf, CancellationToken cancellationToken = default)
        => throw new NotSupportedException(RewindRefusal);

    /// <summary>
    /// Terminates an instance; with <paramref name="recursive"/>, waits (up to <see cref="TerminateWait"/>) for it to
    /// end, so it starts no more children, then terminates the children its history records that are still active,
    /// and theirs.
    /// </summary>
    /// <returns>False when the instance does not exist.</returns>
    public async Task<bool> TerminateAsync(string instanceId, string reason, bool recursive, CancellationToken cancellationToken = default)
    {
        OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
        if (state is null)
        {
            return false;
        }

        if (ActiveStatuses.Contains(state.OrchestrationStatus))
        {
            await _service.ForceTerminateTaskOrchestrationAsync(instanceId, reason).ConfigureAwait(false);
        }

        if (recursive)
        {
            await WaitForStateAsync(instanceId, s => !ActiveStatuses.Contains(s.OrchestrationStatus), TerminateWait, cancellationToken).ConfigureAwait(false);
            foreach (string child in await ChildrenAsync(instanceId).ConfigureAwait(false))
            {
                await TerminateAsync(child, reason, recursive: true, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    /// <summary>Polls until the instance has left Pending (Azure Storage has no change notifications).</summary>
    public Task<OrchestrationState?> WaitForOrchestrationStartAsync(string instanceId, TimeSpan timeout, CancellationToken cancellationToken = default)
        => WaitForStateAsync(instanceId, s => s.OrchestrationStatus != OrchestrationStatus.Pending, timeout, cancellationToken);

    /// <summary>Purges an ended instance and, when <paramref name="recursive"/>, its descendants; all must have ended.</summary>
    /// <exception cref="InvalidOperationException">The instance or a descendant has not ended; nothing was purged.</exception>
    public async Task<int> PurgeInstanceAsync(string instanceId, bool recursive, CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        await CollectForPurgeAsync(instanceId, recursive, ids, cancellationToken).ConfigureAwait(false);
        int purged = 0;
        foreach (string id in ids)
        {
            cancellationToken.ThrowIfCancellationRequested();
            purged += (await _service.PurgeInstanceHistoryAsync(id).ConfigureAwait(false)).InstancesDeleted;
        }

        return purged;
    }

    private async Task CollectForPurgeAsync(string instanceId, bool recursive, List<string> ids, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
        if (state is null)
        {
            return;
        }

        if (!EndedStatuses.Contains(state.OrchestrationStatus))
        {
            throw new InvalidOperationException(
                $"Instance '{instanceId}' is {state.OrchestrationStatus}: only Completed, Failed or Terminated instances can be purged. Terminate it first, or wait for it to end.");
        }

        if (recursive)
        {
            foreach (string child in await ChildrenAsync(instanceId).ConfigureAwait(false))
            {
                await CollectForPurgeAsync(child, recursive: true, ids, cancellationToken).ConfigureAwait(false);
            }
        }

        ids.Add(instanceId);
    }

    /// <summary>The sub-orchestrations the instance's latest execution created, from its history.</summary>
    private async Task<IReadOnlyList<string>> ChildrenAsync(string instanceId)
    {
        string json = await _service.GetOrchestrationHistoryAsync(instanceId, null!).ConfigureAwait(false);
        return ReadHistory(json)
            .OfType<SubOrchestrationInstanceCreatedEvent>()
            .Select(e => e.InstanceId)
            .Where(id => !string.IsNullOrEmpty(id))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    private async Task<OrchestrationState?> GetStateAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        IList<OrchestrationState> states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false, fetchInput: false).ConfigureAwait(false);
        return states?.FirstOrDefault(s => s is not null);
    }

    private async Task<OrchestrationState?> WaitForStateAsync(string instanceId, Func<OrchestrationState, bool> done, TimeSpan timeout, CancellationToken cancellationToken)
    {
        // Azure Storage has no change notifications: poll, 50 ms at first, backing off to 1 s.
        long started = _time.GetTimestamp();
        TimeSpan interval = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
            if (state is not null && done(state))
            {
                return state;
            }

            if (timeout != Timeout.InfiniteTimeSpan && timeout != TimeSpan.MaxValue && _time.GetElapsedTime(started) >= timeout)
            {
                return state;
            }

            await Task.Delay(interval, _time, cancellationToken).ConfigureAwait(false);
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 1000));
        }
    }
}
