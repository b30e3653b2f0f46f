using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;
using DurableTask.Core.Middleware;
using MarketoExport.Durable.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.DurableTask.Worker.Shims;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Durable;

/// <summary>
/// Runs Durable Task SDK orchestrators and activities (<see cref="TaskOrchestrator{TInput, TOutput}"/>,
/// <see cref="TaskActivity{TInput, TOutput}"/>) on DurableTask.Core's <see cref="TaskHubWorker"/> over any
/// DurableTask.Core orchestration service, with no gRPC sidecar. Start and stop it directly (a CLI run) or as an
/// <see cref="IHostedService"/>.
/// </summary>
public sealed class LocalDurableWorker : IHostedService, IAsyncDisposable
{
    private readonly TrackedOrchestrationService _service;
    private readonly TaskHubWorker _worker;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _lifecycle = new(1, 1);
    private CancellationTokenSource _stopping = new();
    private bool _started;
    private bool _disposed;

    /// <summary>Creates the worker and registers every orchestrator and activity of <paramref name="registry"/>.</summary>
    /// <param name="orchestrationService">The storage provider (for example <see cref="Sqlite.SqliteOrchestrationService"/>).</param>
    /// <param name="services">Builds orchestrators (from the root) and activities (from a scope per invocation).</param>
    /// <param name="registry">The SDK registry of orchestrators and activities.</param>
    /// <param name="options">Stop grace periods and rewind modes.</param>
    /// <param name="loggerFactory">Logs of the worker, DurableTask.Core and the SDK shims.</param>
    /// <param name="timeProvider">
    /// The orchestration clock: every turn is stamped with it, so <c>context.CurrentUtcDateTime</c> and timers
    /// follow it. Default: the SQLite provider's clock, or the system clock for other providers.
    /// </param>
    public LocalDurableWorker(
        IOrchestrationService orchestrationService,
        IServiceProvider services,
        DurableTaskRegistry registry,
        LocalDurableWorkerOptions? options = null,
        ILoggerFactory? loggerFactory = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(orchestrationService);
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(registry);
        loggerFactory ??= NullLoggerFactory.Instance;
        Options = options ?? new LocalDurableWorkerOptions();
        _time = timeProvider ?? (orchestrationService as Sqlite.SqliteOrchestrationService)?.TimeProvider ?? TimeProvider.System;
        _logger = loggerFactory.CreateLogger<LocalDurableWorker>();
        _service = new TrackedOrchestrationService(orchestrationService);

        var shims = new DurableTaskShimFactory(new DurableTaskWorkerOptions { DataConverter = DurableJson.Converter }, loggerFactory);
        var orchestrations = new NameOnlyObjectManager<TaskOrchestration>(name => new MissingOrchestration(name));
        var activities = new NameOnlyObjectManager<TaskActivity>(name => new MissingActivity(name));
        foreach (KeyValuePair<TaskName, Func<IServiceProvider, ITaskOrchestrator>> entry in registry.GetOrchestrators().DistinctBy(e => e.Key.Name, StringComparer.OrdinalIgnoreCase))
        {
            orchestrations.Add(new SdkOrchestrationCreator(entry.Key.Name, entry.Value, services, shims));
        }

        foreach (KeyValuePair<TaskName, Func<IServiceProvider, ITaskActivity>> entry in registry.GetActivities().DistinctBy(e => e.Key.Name, StringComparer.OrdinalIgnoreCase))
        {
            activities.Add(new SdkActivityCreator(entry.Key.Name, entry.Value, services, shims));
        }

        _worker = new TaskHubWorker(_service, orchestrations, activities, loggerFactory)
        {
            // TaskFailureDetails (type, message, inner failures) reach orchestrators and clients.
            ErrorPropagationMode = ErrorPropagationMode.UseFailureDetails,
        };
        _worker.AddOrchestrationDispatcherMiddleware(StampTurnAsync);
        _worker.AddActivityDispatcherMiddleware(RunActivityAsync);
    }

    /// <summary>
    /// The delivery info of the activity running on the calling flow; register it as the <see cref="IActivityDeliveryInfo"/>
    /// singleton when not using <see cref="DurableTaskServiceCollectionExtensions"/>.
    /// </summary>
    public static IActivityDeliveryInfo DeliveryInfo => ActivityDeliveryInfo.Instance;

    /// <summary>The worker's settings.</summary>
    public LocalDurableWorkerOptions Options { get; }

    /// <summary>The storage provider the worker runs on.</summary>
    public IOrchestrationService OrchestrationService => _service.Inner;

    /// <summary>Work items fetched and not yet finished.</summary>
    public int RunningWorkItems => _service.Outstanding;

    /// <summary>A client on the same storage provider, data converter, clock and rewind modes.</summary>
    /// <exception cref="NotSupportedException">The provider has no client side.</exception>
    public DurableTaskCoreClient CreateClient()
        => new(ClientOf(_service.Inner, _time), Options.RewindModeOf, DurableJson.Converter, _time);

    /// <summary>
    /// The client side of a provider: DurableTask.AzureStorage's service wrapped in <see cref="AzureStorage.AzureStorageOrchestrationClient"/>
    /// (dedupe that throws, purge guard, rewind refused with the reason), any other provider as it is.
    /// </summary>
    /// <exception cref="NotSupportedException">The provider has no client side.</exception>
    internal static IOrchestrationServiceClient ClientOf(IOrchestrationService service, TimeProvider time) => service switch
    {
        global::DurableTask.AzureStorage.AzureStorageOrchestrationService azure => new AzureStorage.AzureStorageOrchestrationClient(azure, time),
        IOrchestrationServiceClient client => client,
        _ => throw new NotSupportedException($"{service.GetType().Name} is not an IOrchestrationServiceClient."),
    };

    /// <summary>Creates the provider's storage if needed and starts dispatching.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_started)
            {
                return;
            }

            if (_stopping.IsCancellationRequested)
            {
                _stopping.Dispose();
                _stopping = new CancellationTokenSource();
            }

            await _service.CreateIfNotExistsAsync().ConfigureAwait(false);
            await _worker.StartAsync().ConfigureAwait(false);
            _started = true;
            Log.WorkerStarted(_logger, _service.Inner.GetType().Name);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>
    /// Stops dispatching, then waits for running work items: up to <see cref="LocalDurableWorkerOptions.StopGracePeriod"/>,
    /// then cancels the activities' <see cref="IActivityDeliveryInfo.StoppingToken"/> and waits up to
    /// <see cref="LocalDurableWorkerOptions.CancellationGracePeriod"/> more. A cancelled activity goes back to the queue.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _lifecycle.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!_started)
            {
                return;
            }

            _started = false;
            await _service.BeginStopAsync().ConfigureAwait(false);
            await _service.WaitForNoFetchAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);

            // Forced: Core's graceful stop polls its dispatchers once a second; the waits below do that job.
            await _worker.StopAsync(isForced: true).ConfigureAwait(false);
            TimeSpan grace = cancellationToken.IsCancellationRequested ? TimeSpan.Zero : Options.StopGracePeriod;
            if (!await _service.WaitForIdleAsync(grace).ConfigureAwait(false))
            {
                Log.CancellingActivities(_logger, _service.Outstanding);
                await _stopping.CancelAsync().ConfigureAwait(false);
                await _service.WaitForIdleAsync(Options.CancellationGracePeriod).ConfigureAwait(false);
            }

            Log.WorkerStopped(_logger, _service.Outstanding);
        }
        finally
        {
            _lifecycle.Release();
        }
    }

    /// <summary>Stops the worker (see <see cref="StopAsync"/>). The storage provider is not disposed: its owner does that.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await StopAsync().ConfigureAwait(false);
        _disposed = true;
        _worker.Dispose();
        _stopping.Dispose();
        _lifecycle.Dispose();
    }

    /// <summary>
    /// Stamps the turn with the orchestration clock. DurableTask.Core stamps <see cref="OrchestratorStartedEvent"/>
    /// with <c>DateTime.UtcNow</c>, and that timestamp is what <c>context.CurrentUtcDateTime</c> returns, so a
    /// fake or scaled clock would otherwise drive timers but not the orchestrators that create them.
    /// </summary>
    private Task StampTurnAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        OrchestrationRuntimeState? state = context.GetProperty<OrchestrationRuntimeState>();
        if (state is not null)
        {
            for (int i = state.NewEvents.Count - 1; i >= 0; i--)
            {
                if (state.NewEvents[i] is OrchestratorStartedEvent started)
                {
                    started.Timestamp = _time.GetUtcNow().UtcDateTime;
                    break;
                }
            }

            if (context.GetProperty<TaskOrchestration>() is SdkOrchestration orchestration && state.ParentInstance is { } parent)
            {
                orchestration.Parent = new ParentOrchestrationInstance(parent.Name, parent.OrchestrationInstance.InstanceId);
            }
        }

        return next();
    }

    /// <summary>
    /// Exposes the delivery attempt and the stopping token to the activity (<see cref="IActivityDeliveryInfo"/>).
    /// An activity that fails after stop cancelled it is given back to the queue instead of failing its task.
    /// </summary>
    private async Task RunActivityAsync(DispatchMiddlewareContext context, Func<Task> next)
    {
        long? attempt = context.GetProperty<WorkItemMetadata>()?.DeliveryAttempt;
        if (context.GetProperty<TaskScheduledEvent>() is { } scheduled)
        {
            Log.ActivityStarting(_logger, scheduled.Name ?? "?", scheduled.EventId, context.GetProperty<OrchestrationInstance>()?.InstanceId ?? "?", attempt ?? 0);
        }

        CancellationToken stopping = _stopping.Token;
        ActivityDeliveryInfo.Set((int)Math.Clamp(attempt ?? 0, 0, int.MaxValue), stopping);
        try
        {
            await next().ConfigureAwait(false);
        }
        finally
        {
            ActivityDeliveryInfo.Clear();
        }

        if (stopping.IsCancellationRequested && context.GetProperty<ActivityExecutionResult>()?.ResponseEvent is TaskFailedEvent)
        {
            throw new SessionAbortedException("The worker stopped while the activity ran; it goes back to the queue.");
        }
    }
}
