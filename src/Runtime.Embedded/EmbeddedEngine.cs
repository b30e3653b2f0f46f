using System.Collections.Concurrent;
using System.Text.Json;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Dispatch;
using MarketoExport.Runtime.Embedded.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Runtime.Embedded;

/// <summary>
/// The embedded durable engine: event-sourced orchestration history in SQLite, deterministic replay, durable
/// timers and an activity worker pool, in one process. It is also the orchestration client.
/// </summary>
/// <remarks>
/// One dispatcher runs orchestration turns one at a time; each turn (new history rows, new work items, status)
/// is one SQLite transaction. Activities run on the thread pool, at most
/// <see cref="EmbeddedEngineOptions.MaxConcurrentActivities"/> at once; each result is recorded in its own
/// transaction that also removes the work item, so a result is recorded once even if the activity ran twice.
/// </remarks>
public sealed partial class EmbeddedEngine : IOrchestrationClient, IAsyncDisposable
{
    private readonly EmbeddedEngineOptions _options;
    private readonly DurableTaskRegistry _registry;
    private readonly IServiceProvider _services;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly ILogger _logger;
    private readonly SqliteStore _store;
    private readonly ProcessLock _lock;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly AsyncSignal _orchestrationSignal = new();
    private readonly AsyncSignal _activitySignal = new();
    private readonly AsyncSignal _completionSignal = new();
    private readonly AsyncSignal _turnSignal = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<long, Task> _runningActivities = new();
    private readonly ConcurrentDictionary<string, string> _lastTurnErrors = new(StringComparer.Ordinal);
    private readonly string _lease = Guid.NewGuid().ToString("N");
    private readonly JsonSerializerOptions _json;
    private Task _orchestrationLoop = Task.CompletedTask;
    private Task _activityLoop = Task.CompletedTask;
    private ITimer? _heartbeat;
    private int _stopped;

    private EmbeddedEngine(EmbeddedEngineOptions options, DurableTaskRegistry registry, IServiceProvider services, TimeProvider time,
        ILoggerFactory loggers, SqliteStore store, ProcessLock processLock)
    {
        _options = options;
        _registry = registry;
        _services = services;
        _time = time;
        _loggers = loggers;
        _logger = loggers.CreateLogger<EmbeddedEngine>();
        _store = store;
        _lock = processLock;
        _json = options.SerializerOptions;
    }

    /// <summary>
    /// Opens (or creates) the database, takes the process lock, and starts dispatching: every running instance
    /// with pending messages is replayed and every unfinished activity is dispatched again.
    /// </summary>
    /// <exception cref="DatabaseLockedException">Another process (or engine) owns the database.</exception>
    public static Task<EmbeddedEngine> StartAsync(
        EmbeddedEngineOptions options,
        DurableTaskRegistry registry,
        IServiceProvider services,
        TimeProvider? time = null,
        ILoggerFactory? loggers = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(services);
        options.Validate();
        ct.ThrowIfCancellationRequested();
        time ??= TimeProvider.System;
        loggers ??= NullLoggerFactory.Instance;
        string path = Path.GetFullPath(options.DatabasePath);
        string? directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        ProcessLock processLock = ProcessLock.Acquire(path);
        SqliteStore store;
        try
        {
            store = new SqliteStore(path);
            store.WriteOwner(Environment.ProcessId, Environment.MachineName, time.GetUtcNow().UtcDateTime);
        }
        catch
        {
            processLock.Dispose();
            throw;
        }

        var engine = new EmbeddedEngine(options, registry, services, time, loggers, store, processLock);
        engine.Start();
        Log.EngineStarted(engine._logger, path, Environment.ProcessId);
        return Task.FromResult(engine);
    }

    /// <summary>Stops dispatching, cancels running activities (they are dispatched again on the next start) and releases the database.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            return;
        }

        await _stopping.CancelAsync();
        // Wake client waiters so they observe the stop (ObjectDisposedException) instead of waiting forever.
        _completionSignal.Set();
        _turnSignal.Set();
        if (_heartbeat is not null)
        {
            await _heartbeat.DisposeAsync();
        }

        await IgnoreCancellation(_orchestrationLoop);
        await IgnoreCancellation(_activityLoop);
        await Task.WhenAll(_runningActivities.Values.Select(IgnoreCancellation));
        await _gate.WaitAsync();
        try
        {
            _store.Dispose();
            _lock.Dispose();
        }
        finally
        {
            _gate.Release();
        }

        Log.EngineStopped(_logger);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stopping.Dispose();
    }

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private CancellationToken Stopping => _stopping.Token;

    private void Start()
    {
        _orchestrationLoop = Task.Run(() => RunLoopAsync("orchestrations", OrchestrationLoopAsync));
        _activityLoop = Task.Run(() => RunLoopAsync("activities", ActivityLoopAsync));
        _heartbeat = _time.CreateTimer(_ => _ = HeartbeatAsync(), null, _options.LockHeartbeat, _options.LockHeartbeat);
    }

    private async Task RunLoopAsync(string name, Func<Task> loop)
    {
        while (!Stopping.IsCancellationRequested)
        {
            try
            {
                await loop();
            }
            catch (OperationCanceledException) when (Stopping.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A loop must never die silently: log and go round again (the work items count their dispatches).
                Log.LoopFailed(_logger, ex, name);
            }
        }
    }

    private async Task OrchestrationLoopAsync()
    {
        while (!Stopping.IsCancellationRequested)
        {
            Task wake = _orchestrationSignal.Prepare();
            List<string> ready;
            DateTime? next = null;
            await _gate.WaitAsync(Stopping);
            try
            {
                DateTime now = Now;
                ready = _store.ReadyInstances(now, 64);
                if (ready.Count == 0)
                {
                    next = _store.NextVisibleAt(now);
                }
            }
            finally
            {
                _gate.Release();
            }

            foreach (string instanceId in ready)
            {
                await ProcessTurnAsync(instanceId);
            }

            if (ready.Count == 0)
            {
                await WaitAsync(wake, next);
            }
        }
    }

    /// <summary>Waits for a signal, or until the next timer is due on the engine's clock.</summary>
    private async Task WaitAsync(Task wake, DateTime? dueAt)
    {
        if (dueAt is not { } due)
        {
            await wake.WaitAsync(Stopping);
            return;
        }

        TimeSpan delay = due - Now;
        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(Stopping);
        Task timer = Task.Delay(delay, _time, cancelDelay.Token);

        // The clock may have moved between reading it and starting the delay (a fake clock's Advance in that gap
        // would leave the delay counting from the new time, past the due time). Read it again now that the delay
        // is registered: anything that moves the clock from here on fires the delay.
        if (Now < due)
        {
            await Task.WhenAny(wake, timer);
        }

        await cancelDelay.CancelAsync();
        Stopping.ThrowIfCancellationRequested();
    }

    private async Task HeartbeatAsync()
    {
        try
        {
            await _gate.WaitAsync(Stopping);
            try
            {
                _store.Heartbeat(Now);
            }
            finally
            {
                _gate.Release();
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
        }
    }

    private string Serialize(object? value) => JsonSerializer.Serialize(value, value?.GetType() ?? typeof(object), _json);
}
