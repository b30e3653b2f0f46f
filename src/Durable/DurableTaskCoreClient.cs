using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using CoreOrchestrationQuery = DurableTask.Core.Query.OrchestrationQuery;
using CorePurgeResult = DurableTask.Core.PurgeResult;
using OrchestrationQuery = Microsoft.DurableTask.Client.OrchestrationQuery;
using PurgeResult = Microsoft.DurableTask.Client.PurgeResult;

namespace MarketoExport.Durable;

/// <summary>
/// A <see cref="DurableTaskClient"/> over any DurableTask.Core <see cref="IOrchestrationServiceClient"/> (the SQLite
/// provider here, DurableTask.AzureStorage later). Listing, purge and rewind need the service to implement
/// <see cref="IOrchestrationServiceQueryClient"/>, <see cref="IOrchestrationServicePurgeClient"/> and
/// <see cref="IOrchestrationServiceRewindClient"/>; without them those calls throw <see cref="NotSupportedException"/>.
/// </summary>
public sealed class DurableTaskCoreClient : DurableTaskClient
{
    private static readonly OrchestrationStatus[] DefaultDedupeStatuses = [OrchestrationStatus.Pending, OrchestrationStatus.Running, OrchestrationStatus.Suspended];
    private static readonly OrchestrationStatus[] EndedStatuses = [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated];

    private readonly IOrchestrationServiceClient _service;
    private readonly Func<string, RewindMode> _rewindModeOf;
    private readonly Microsoft.DurableTask.DataConverter _converter;
    private readonly TimeProvider _time;

    /// <summary>Creates the client.</summary>
    /// <param name="service">The orchestration service's client side.</param>
    /// <param name="rewindModeOf">The rewind mode of each orchestration, by name; default <see cref="RewindMode.LastFailure"/> for all.</param>
    /// <param name="dataConverter">Serializes inputs, outputs, event payloads; default <see cref="DurableJson.Converter"/> (use the worker's).</param>
    /// <param name="timeProvider">Stamps creation times; use the provider's orchestration clock.</param>
    /// <param name="name">The client name.</param>
    public DurableTaskCoreClient(
        IOrchestrationServiceClient service,
        Func<string, RewindMode>? rewindModeOf = null,
        Microsoft.DurableTask.DataConverter? dataConverter = null,
        TimeProvider? timeProvider = null,
        string name = "DurableTaskCore")
        : base(name)
    {
        _service = service ?? throw new ArgumentNullException(nameof(service));
        _rewindModeOf = rewindModeOf ?? (_ => RewindMode.LastFailure);
        _converter = dataConverter ?? DurableJson.Converter;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Starts an instance. The instance id defaults to a new GUID ("N" format). When no dedupe statuses are given
    /// (null or empty), Pending, Running and Suspended are used: starting an id that is running throws
    /// <see cref="OrchestrationAlreadyExistsException"/>, starting one that has ended replaces it.
    /// </summary>
    /// <exception cref="OrchestrationAlreadyExistsException">An instance with the id exists in one of the dedupe statuses.</exception>
    public override async Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        string instanceId = string.IsNullOrEmpty(options?.InstanceId) ? Guid.NewGuid().ToString("N") : options.InstanceId;
        OrchestrationStatus[] dedupe = options?.DedupeStatuses is { Count: > 0 } given
            ? given.Select(s => Enum.Parse<OrchestrationStatus>(s, ignoreCase: true)).ToArray()
            : DefaultDedupeStatuses;
        await StartAsync(
            orchestratorName.Name,
            options?.Version?.Version,
            _converter.Serialize(input),
            instanceId,
            options?.StartAt,
            options?.Tags,
            dedupe).ConfigureAwait(false);
        return instanceId;
    }

    /// <exception cref="ArgumentException">No instance has the id.</exception>
    /// <inheritdoc />
    public override async Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(eventName);
        await SendToInstanceAsync(instanceId, new EventRaisedEvent(-1, _converter.Serialize(eventPayload)) { Name = eventName }, cancellation).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        if (_service is IOrchestrationServiceExtendedClient extended)
        {
            OrchestrationState? started = await extended.WaitForOrchestrationStartAsync(instanceId, Timeout.InfiniteTimeSpan, cancellation).ConfigureAwait(false);
            return ToMetadata(started!, getInputsAndOutputs);
        }

        // A provider without change notifications (Azure Storage polls its tables too): poll with a growing interval.
        TimeSpan interval = TimeSpan.FromMilliseconds(50);
        while (true)
        {
            OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
            if (state is not null && state.OrchestrationStatus != OrchestrationStatus.Pending)
            {
                return ToMetadata(state, getInputsAndOutputs);
            }

            await Task.Delay(interval, _time, cancellation).ConfigureAwait(false);
            interval = TimeSpan.FromMilliseconds(Math.Min(interval.TotalMilliseconds * 2, 1000));
        }
    }

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        OrchestrationState state = await _service
            .WaitForOrchestrationAsync(instanceId, null!, TimeSpan.MaxValue, cancellation)
            .WaitAsync(cancellation)
            .ConfigureAwait(false);
        return ToMetadata(state, getInputsAndOutputs);
    }

    /// <summary>Terminates an instance; with <see cref="TerminateInstanceOptions.Recursive"/>, its running descendants too.</summary>
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    /// <exception cref="NotSupportedException">Recursive termination, and the service does not offer it.</exception>
    public override async Task TerminateInstanceAsync(string instanceId, TerminateInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        string reason = _converter.Serialize(options?.Output) ?? string.Empty;
        if (_service is IOrchestrationServiceExtendedClient extended)
        {
            if (!await extended.TerminateAsync(instanceId, reason, options?.Recursive ?? false, cancellation).ConfigureAwait(false))
            {
                throw NotFound(instanceId);
            }

            return;
        }

        if (options?.Recursive == true)
        {
            throw new NotSupportedException($"{_service.GetType().Name} cannot terminate an instance's sub-orchestrations with it; terminate them one by one.");
        }

        await RequireInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        await _service.ForceTerminateTaskOrchestrationAsync(instanceId, reason).ConfigureAwait(false);
    }

    /// <exception cref="ArgumentException">No instance has the id.</exception>
    /// <inheritdoc />
    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SendToInstanceAsync(instanceId, new ExecutionSuspendedEvent(-1, reason), cancellation);

    /// <exception cref="ArgumentException">No instance has the id.</exception>
    /// <inheritdoc />
    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default)
        => SendToInstanceAsync(instanceId, new ExecutionResumedEvent(-1, reason), cancellation);

    /// <inheritdoc />
    public override Task<OrchestrationMetadata?> GetInstanceAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
        => GetInstancesAsync(instanceId, getInputsAndOutputs, cancellation);

    /// <inheritdoc />
    public override async Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
        return state is null ? null : ToMetadata(state, getInputsAndOutputs);
    }

    /// <exception cref="NotSupportedException">The service cannot list instances.</exception>
    /// <inheritdoc />
    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null)
    {
        IOrchestrationServiceQueryClient query = _service as IOrchestrationServiceQueryClient
            ?? throw new NotSupportedException($"{_service.GetType().Name} cannot list instances (it does not implement IOrchestrationServiceQueryClient).");
        filter ??= new OrchestrationQuery();
        return Pageable.Create<OrchestrationMetadata>(async (continuation, pageSize, cancellation) =>
        {
            var coreQuery = new CoreOrchestrationQuery
            {
                RuntimeStatus = filter.Statuses?.Select(s => (OrchestrationStatus)s).ToList(),
                CreatedTimeFrom = filter.CreatedFrom?.UtcDateTime,
                CreatedTimeTo = filter.CreatedTo?.UtcDateTime,
                TaskHubNames = filter.TaskHubNames?.ToList(),
                InstanceIdPrefix = filter.InstanceIdPrefix,
                PageSize = pageSize ?? filter.PageSize,
                ContinuationToken = continuation ?? filter.ContinuationToken,
                FetchInputsAndOutputs = filter.FetchInputsAndOutputs,
                ExcludeEntities = true,
            };
            OrchestrationQueryResult result = await query.GetOrchestrationWithQueryAsync(coreQuery, cancellation).ConfigureAwait(false);
            return new Page<OrchestrationMetadata>(
                result.OrchestrationState.Select(s => ToMetadata(s, filter.FetchInputsAndOutputs)).ToList(),
                result.ContinuationToken);
        });
    }

    /// <summary>Purges an instance that has ended (with <see cref="PurgeInstanceOptions.Recursive"/>, its descendants too).</summary>
    /// <exception cref="InvalidOperationException">The instance has not ended.</exception>
    /// <exception cref="NotSupportedException">The service cannot purge instances.</exception>
    public override async Task<PurgeResult> PurgeInstanceAsync(string instanceId, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        if (options?.Recursive == true && _service is IOrchestrationServiceExtendedClient extended)
        {
            return new PurgeResult(await extended.PurgeInstanceAsync(instanceId, recursive: true, cancellation).ConfigureAwait(false));
        }

        IOrchestrationServicePurgeClient purge = _service as IOrchestrationServicePurgeClient
            ?? throw new NotSupportedException($"{_service.GetType().Name} cannot purge instances (it does not implement IOrchestrationServicePurgeClient).");
        if (options?.Recursive == true)
        {
            throw new NotSupportedException($"{_service.GetType().Name} cannot purge an instance's sub-orchestrations with it; purge them one by one.");
        }

        // Some providers (Azure Storage) purge a running instance; this client refuses to for all of them.
        OrchestrationState? state = await GetStateAsync(instanceId).ConfigureAwait(false);
        if (state is null)
        {
            return new PurgeResult(0);
        }

        if (!EndedStatuses.Contains(state.OrchestrationStatus))
        {
            throw new InvalidOperationException(
                $"Instance '{instanceId}' is {state.OrchestrationStatus}: only Completed, Failed or Terminated instances can be purged. Terminate it first, or wait for it to end.");
        }

        CorePurgeResult result = await purge.PurgeInstanceStateAsync(instanceId).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount);
    }

    /// <summary>Purges the ended instances matching the filter; without statuses, all ended ones (never running ones).</summary>
    /// <exception cref="InvalidOperationException">The filter names a status of instances that have not ended.</exception>
    /// <exception cref="NotSupportedException">The service cannot purge instances.</exception>
    public override async Task<PurgeResult> PurgeAllInstancesAsync(PurgeInstancesFilter filter, PurgeInstanceOptions? options = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(filter);
        IOrchestrationServicePurgeClient purge = _service as IOrchestrationServicePurgeClient
            ?? throw new NotSupportedException($"{_service.GetType().Name} cannot purge instances (it does not implement IOrchestrationServicePurgeClient).");
        List<OrchestrationStatus> statuses = filter.Statuses?.Select(s => (OrchestrationStatus)s).Distinct().ToList() ?? [];
        List<OrchestrationStatus> notEnded = statuses.Where(s => !EndedStatuses.Contains(s)).ToList();
        if (notEnded.Count > 0)
        {
            throw new InvalidOperationException(
                $"Only Completed, Failed or Terminated instances can be purged; the filter asks for {string.Join(", ", notEnded)}. Terminate those instances first.");
        }

        var coreFilter = new PurgeInstanceFilter(
            filter.CreatedFrom?.UtcDateTime ?? DateTime.MinValue,
            filter.CreatedTo?.UtcDateTime,
            statuses.Count > 0 ? statuses : EndedStatuses)
        {
            Timeout = filter.Timeout,
        };
        cancellation.ThrowIfCancellationRequested();
        CorePurgeResult result = await purge.PurgeInstanceStateAsync(coreFilter).ConfigureAwait(false);
        return new PurgeResult(result.DeletedInstanceCount, result.IsComplete);
    }

    /// <summary>Starts the orchestration of an ended instance again with the same input, under the same or a new instance id.</summary>
    /// <exception cref="ArgumentException">No instance has the id.</exception>
    /// <exception cref="InvalidOperationException">The instance has not ended.</exception>
    public override async Task<string> RestartAsync(string instanceId, bool restartWithNewInstanceId = false, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        OrchestrationState state = await GetStateAsync(instanceId).ConfigureAwait(false) ?? throw NotFound(instanceId);
        if (!EndedStatuses.Contains(state.OrchestrationStatus))
        {
            throw new InvalidOperationException(
                $"Instance '{instanceId}' is {state.OrchestrationStatus}: only an instance that has ended can be restarted. Terminate it first.");
        }

        string newInstanceId = restartWithNewInstanceId ? Guid.NewGuid().ToString("N") : instanceId;
        await StartAsync(state.Name, state.Version, state.Input, newInstanceId, null, state.Tags?.AsReadOnly(), DefaultDedupeStatuses).ConfigureAwait(false);
        return newInstanceId;
    }

    /// <summary>Rewinds a Failed instance with the rewind mode registered for its orchestration.</summary>
    /// <exception cref="InvalidOperationException">The instance cannot be rewound; nothing was changed.</exception>
    /// <exception cref="NotSupportedException">The service cannot rewind.</exception>
    public override Task RewindInstanceAsync(string instanceId, string reason, CancellationToken cancellation = default)
    {
        IOrchestrationServiceRewindClient rewind = _service as IOrchestrationServiceRewindClient
            ?? throw new NotSupportedException($"{_service.GetType().Name} cannot rewind instances (it does not implement IOrchestrationServiceRewindClient).");
        return rewind.RewindAsync(instanceId, reason, _rewindModeOf, cancellation);
    }

    /// <inheritdoc />
    public override async Task<IList<HistoryEvent>> GetOrchestrationHistoryAsync(string instanceId, CancellationToken cancellation = default)
    {
        cancellation.ThrowIfCancellationRequested();
        string json = await _service.GetOrchestrationHistoryAsync(instanceId, null!).ConfigureAwait(false);
        try
        {
            return string.IsNullOrEmpty(json) ? [] : JsonDataConverter.Default.Deserialize<List<HistoryEvent>>(json);
        }
        catch (Newtonsoft.Json.JsonException ex)
        {
            throw new NotSupportedException($"{_service.GetType().Name} returns its history in a form this client cannot read.", ex);
        }
    }

    /// <summary>Nothing to release: the client does not own the service.</summary>
    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    internal static TaskFailureDetails? ToTaskFailureDetails(FailureDetails? details) => details is null
        ? null
        : new TaskFailureDetails(details.ErrorType, details.ErrorMessage, details.StackTrace, ToTaskFailureDetails(details.InnerFailure), details.Properties);

    private static ArgumentException NotFound(string instanceId)
        => new($"No orchestration instance with ID '{instanceId}' exists.", nameof(instanceId));

    private async Task StartAsync(
        string name, string? version, string? serializedInput, string instanceId, DateTimeOffset? startAt, IReadOnlyDictionary<string, string>? tags, OrchestrationStatus[] dedupe)
    {
        var started = new ExecutionStartedEvent(-1, serializedInput)
        {
            Name = name,
            Version = version ?? string.Empty,
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId, ExecutionId = Guid.NewGuid().ToString("N") },
            Tags = tags is { Count: > 0 } ? new Dictionary<string, string>(tags) : null,
            ScheduledStartTime = startAt?.UtcDateTime,
            Timestamp = _time.GetUtcNow().UtcDateTime,
        };
        await _service.CreateTaskOrchestrationAsync(new TaskMessage { OrchestrationInstance = started.OrchestrationInstance, Event = started }, dedupe)
            .ConfigureAwait(false);
    }

    private async Task<OrchestrationState?> GetStateAsync(string instanceId)
    {
        ArgumentException.ThrowIfNullOrEmpty(instanceId);
        IList<OrchestrationState> states = await _service.GetOrchestrationStateAsync(instanceId, allExecutions: false).ConfigureAwait(false);
        return states?.FirstOrDefault(s => s is not null);
    }

    private async Task RequireInstanceAsync(string instanceId, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        if (await GetStateAsync(instanceId).ConfigureAwait(false) is null)
        {
            throw NotFound(instanceId);
        }
    }

    /// <summary>Delivers <paramref name="message"/> to an existing instance (an event, a suspend, a resume).</summary>
    private async Task SendToInstanceAsync(string instanceId, HistoryEvent message, CancellationToken cancellation)
    {
        await RequireInstanceAsync(instanceId, cancellation).ConfigureAwait(false);
        await _service.SendTaskOrchestrationMessageAsync(new TaskMessage
        {
            OrchestrationInstance = new OrchestrationInstance { InstanceId = instanceId },
            Event = message,
        }).ConfigureAwait(false);
    }

    private OrchestrationMetadata ToMetadata(OrchestrationState state, bool getInputsAndOutputs) => new(state.Name, state.OrchestrationInstance.InstanceId)
    {
        RuntimeStatus = (OrchestrationRuntimeStatus)state.OrchestrationStatus,
        CreatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.CreatedTime, DateTimeKind.Utc)),
        LastUpdatedAt = new DateTimeOffset(DateTime.SpecifyKind(state.LastUpdatedTime, DateTimeKind.Utc)),
        SerializedInput = getInputsAndOutputs ? state.Input : null,
        SerializedOutput = getInputsAndOutputs ? state.Output : null,
        SerializedCustomStatus = getInputsAndOutputs ? state.Status : null,
        Tags = state.Tags is null ? new Dictionary<string, string>() : new Dictionary<string, string>(state.Tags),
        FailureDetails = ToTaskFailureDetails(state.FailureDetails),
        DataConverter = getInputsAndOutputs ? _converter : null,
    };
}
