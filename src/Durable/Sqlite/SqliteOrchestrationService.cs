using System.Collections.Concurrent;
using DurableTask.Core;
using DurableTask.Core.History;
using DurableTask.Core.Query;
using DurableTask.Core.Serializing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MarketoExport.Durable.Sqlite;

/// <summary>
/// A DurableTask.Core storage provider on one SQLite file: instance rows, history rows and a message table with
/// peek-lock and visibility (timers are messages that become visible at their fire time). One process owns a
/// database at a time (<c>&lt;database&gt;.lock</c>); at open it releases the locks a crashed owner left behind,
/// so a killed run resumes at once. See src/Durable/README.md for the design.
/// </summary>
public sealed partial class SqliteOrchestrationService :
    IOrchestrationService,
    IOrchestrationServiceClient,
    IOrchestrationServiceQueryClient,
    IOrchestrationServicePurgeClient,
    IOrchestrationServiceRewindClient,
    IOrchestrationServiceExtendedClient,
    IAsyncDisposable,
    IDisposable
{
    private const int OrchestrationQueue = 0;
    private const int ActivityQueue = 1;
    private const int MaxCachedHistories = 1000;

    private static readonly JsonDataConverter CoreJson = JsonDataConverter.Default;

    private readonly SqliteOrchestrationServiceOptions _options;
    private readonly TimeProvider _time;
    private readonly TimeProvider _lockClock;
    private readonly ILogger _logger;
    private readonly Lock _openGate = new();
    private readonly AsyncSignal _orchestrationWork = new();
    private readonly AsyncSignal _activityWork = new();
    private readonly InstanceChangeNotifier _instanceChanges = new();
    private readonly ConcurrentDictionary<string, CachedHistory> _historyCache = new(StringComparer.Ordinal);
    private ProcessLock? _processLock;
    private SqliteDatabase? _database;
    private volatile bool _stopped;
    private bool _disposed;

    /// <summary>
    /// Throws when another process (or another service in this one) owns <paramref name="databasePath"/>, without
    /// opening or creating anything: the check a command makes before it starts work it would have to abandon.
    /// </summary>
    /// <exception cref="DatabaseLockedException">Another owner holds the database.</exception>
    /// <exception cref="UnauthorizedAccessException">The database's lock file cannot be opened for writing.</exception>
    public static void ThrowIfInUse(string databasePath)
    {
        ArgumentNullException.ThrowIfNull(databasePath);
        ProcessLock.ThrowIfHeld(databasePath);
    }

    /// <summary>Creates the service. The database is opened (and its lock taken) on first use.</summary>
    public SqliteOrchestrationService(SqliteOrchestrationServiceOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            throw new ArgumentException("DatabasePath is required.", nameof(options));
        }

        _options = options;
        _time = options.TimeProvider;
        _lockClock = options.LockTimeProvider;
        _logger = (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger<SqliteOrchestrationService>();
    }

    /// <summary>The database file.</summary>
    public string DatabasePath => _options.DatabasePath;

    /// <summary>The orchestration clock (<see cref="SqliteOrchestrationServiceOptions.TimeProvider"/>).</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>The task hub name, for display.</summary>
    public string TaskHubName => _options.TaskHubName;

    /// <inheritdoc />
    public int TaskOrchestrationDispatcherCount => _options.OrchestrationDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskOrchestrationWorkItems => _options.MaxConcurrentOrchestrations;

    /// <inheritdoc />
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => BehaviorOnContinueAsNew.Carryover;

    /// <inheritdoc />
    public int TaskActivityDispatcherCount => _options.ActivityDispatcherCount;

    /// <inheritdoc />
    public int MaxConcurrentTaskActivityWorkItems => _options.MaxConcurrentActivities;

    /// <summary>
    /// Opens the database now: takes the process lock, creates the tables, records this process as the owner and
    /// releases the locks a previous owner left. Every other member opens it on first use.
    /// </summary>
    /// <exception cref="DatabaseLockedException">Another process owns the database.</exception>
    public void Open() => _ = Database;

    /// <inheritdoc />
    public Task StartAsync()
    {
        Open();
        _stopped = false;
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task StopAsync() => StopAsync(isForced: false);

    /// <inheritdoc />
    public Task StopAsync(bool isForced)
    {
        // Stops handing out work; completions of running work items still commit.
        _stopped = true;
        _orchestrationWork.Set();
        _activityWork.Set();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task CreateAsync() => CreateAsync(recreateInstanceStore: true);

    /// <inheritdoc />
    public Task CreateAsync(bool recreateInstanceStore)
        => recreateInstanceStore ? DeleteAsync(deleteInstanceStore: true) : CreateIfNotExistsAsync();

    /// <inheritdoc />
    public Task CreateIfNotExistsAsync()
    {
        Open();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task DeleteAsync() => DeleteAsync(deleteInstanceStore: true);

    /// <inheritdoc />
    public Task DeleteAsync(bool deleteInstanceStore)
        => Database.InTransactionAsync(() =>
        {
            Database.Execute("DELETE FROM messages");
            if (deleteInstanceStore)
            {
                _historyCache.Clear();
                Database.Execute("DELETE FROM history");
                Database.Execute("DELETE FROM instances");
            }
        });

    /// <inheritdoc />
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) => false;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => 0;

    /// <inheritdoc />
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => exception is OperationCanceledException ? 0 : 1;

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_openGate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopped = true;
            _orchestrationWork.Set();
            _activityWork.Set();
            _database?.Dispose();
            _processLock?.Dispose();
            _database = null;
            _processLock = null;
        }
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private SqliteDatabase Database
    {
        get
        {
            SqliteDatabase? database = _database;
            if (database is not null)
            {
                return database;
            }

            lock (_openGate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                return _database ??= OpenDatabase();
            }
        }
    }

    private SqliteDatabase OpenDatabase()
    {
        string? directory = Path.GetDirectoryName(Path.GetFullPath(_options.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }

        ProcessLock processLock = ProcessLock.Acquire(_options.DatabasePath);
        SqliteDatabase? database = null;
        try
        {
            database = new SqliteDatabase(_options.DatabasePath);
            database.Execute(Schema.Create);
            int pid = Environment.ProcessId;
            database.InTransaction(() =>
            {
                database.Execute(
                    "INSERT INTO owner(id, pid, machine, started_at) VALUES (1, $pid, $machine, $now) " +
                    "ON CONFLICT(id) DO UPDATE SET pid = $pid, machine = $machine, started_at = $now",
                    ("$pid", pid), ("$machine", Environment.MachineName), ("$now", _lockClock.GetUtcNow().UtcTicks));

                // Only a crashed previous owner can have left locks: release them so its work runs again now.
                int instances = database.Execute("UPDATE instances SET lock_token = NULL, locked_until = NULL WHERE lock_token IS NOT NULL");
                int messages = database.Execute("UPDATE messages SET lock_token = NULL, locked_until = NULL WHERE lock_token IS NOT NULL");
                if (instances + messages > 0)
                {
                    Log.ReleasedStaleLocks(_logger, _options.DatabasePath, instances, messages);
                }

                return true;
            });
            _processLock = processLock;
            Log.Opened(_logger, _options.DatabasePath, pid);
            return database;
        }
        catch
        {
            database?.Dispose();
            processLock.Dispose();
            throw;
        }
    }

    private long NowTicks => _time.GetUtcNow().UtcTicks;

    private DateTime Now => _time.GetUtcNow().UtcDateTime;

    private long LockNowTicks => _lockClock.GetUtcNow().UtcTicks;

    /// <summary>
    /// The fetch loop of both queues: try to lock a work item in one transaction; when there is none, wait for a
    /// signal (new work), the next due message, the next lock expiry or the receive timeout. One look at the queue even
    /// when the token is already cancelled; then it waits only while it is not. Null when nothing came in time.
    /// </summary>
    private async Task<T?> LockNextAsync<T>(AsyncSignal work, Func<CommitEffects, Fetch<T>> tryLock, TimeSpan receiveTimeout, CancellationToken cancellationToken)
        where T : class
    {
        SqliteDatabase database = Database;
        long deadline = ReceiveDeadline(receiveTimeout);
        while (!_stopped)
        {
            Task signal = work.Prepare();
            var effects = new CommitEffects();
            Fetch<T> fetch = await database.RunAsync(() => tryLock(effects), CancellationToken.None).ConfigureAwait(false);
            Publish(effects);
            if (fetch.WorkItem is not null)
            {
                return fetch.WorkItem;
            }

            if (!await WaitForWorkAsync(signal, fetch.NextVisibleTicks, fetch.NextLockExpiryTicks, deadline, cancellationToken).ConfigureAwait(false))
            {
                break;
            }
        }

        return null;
    }

    /// <summary>
    /// Waits until a signal, the next due message, the next lock expiry or the receive timeout, whichever comes
    /// first. Returns false when the receive timeout passed or the wait was cancelled.
    /// </summary>
    private async Task<bool> WaitForWorkAsync(Task signal, long? nextVisibleTicks, long? nextLockExpiryTicks, long receiveDeadlineTicks, CancellationToken cancellationToken)
    {
        long lockNow = LockNowTicks;
        if (receiveDeadlineTicks <= lockNow || cancellationToken.IsCancellationRequested)
        {
            return false;
        }

        // Every delay is cancelled with the linked source once one wait has ended, so none outlives this call.
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        Task receiveTimeout = DelayUntil(_lockClock, receiveDeadlineTicks, cancel.Token);
        var waits = new List<Task>(4) { signal, receiveTimeout };
        if (nextVisibleTicks is { } visible)
        {
            waits.Add(DelayUntil(_time, visible, cancel.Token));
        }

        if (nextLockExpiryTicks is { } expiry)
        {
            waits.Add(DelayUntil(_lockClock, expiry, cancel.Token));
        }

        Task first = await Task.WhenAny(waits).ConfigureAwait(false);
        await cancel.CancelAsync().ConfigureAwait(false);
        return first != receiveTimeout && !cancellationToken.IsCancellationRequested;
    }

    /// <summary>
    /// A delay that ends when <paramref name="clock"/> reaches <paramref name="dueTicks"/>. A timer is made relative
    /// to the clock's time when it is made; if the clock jumps meanwhile (a fake clock advanced by a test), the
    /// timer would end late by the jump, so it is made again from the new time.
    /// </summary>
    private static Task DelayUntil(TimeProvider clock, long dueTicks, CancellationToken cancellationToken)
    {
        while (true)
        {
            long before = clock.GetUtcNow().UtcTicks;
            if (dueTicks <= before)
            {
                return Task.CompletedTask;
            }

            Task delay = Task.Delay(TimeSpan.FromTicks(Math.Min(dueTicks - before, TimeSpan.TicksPerDay)), clock, cancellationToken);
            if (clock.GetUtcNow().UtcTicks - before <= TimeSpan.TicksPerMillisecond)
            {
                return delay;
            }
        }
    }

    private static bool IsTerminal(OrchestrationStatus status)
        => status is OrchestrationStatus.Completed or OrchestrationStatus.Failed or OrchestrationStatus.Terminated or OrchestrationStatus.Canceled;

    private static OrchestrationStatus ParseStatus(string status) => Enum.Parse<OrchestrationStatus>(status);

    /// <summary>The task id a message or history event refers to: the scheduled task's id for scheduling events and results, the timer id for timers.</summary>
    private static int? TaskIdOf(HistoryEvent e) => e switch
    {
        TaskScheduledEvent s => s.EventId,
        TaskCompletedEvent c => c.TaskScheduledId,
        TaskFailedEvent f => f.TaskScheduledId,
        SubOrchestrationInstanceCreatedEvent s => s.EventId,
        SubOrchestrationInstanceCompletedEvent c => c.TaskScheduledId,
        SubOrchestrationInstanceFailedEvent f => f.TaskScheduledId,
        TimerCreatedEvent t => t.EventId,
        TimerFiredEvent t => t.TimerId,
        EventSentEvent s => s.EventId,
        _ => null,
    };

    private static bool IsResult(HistoryEvent e) => e.EventType is EventType.TaskCompleted or EventType.TaskFailed
        or EventType.SubOrchestrationInstanceCompleted or EventType.SubOrchestrationInstanceFailed or EventType.TimerFired;

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static long? NullableInt64(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    private static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private void InsertMessage(int queue, TaskMessage message, long visibleAt)
        => Database.Execute(
            "INSERT INTO messages(queue, instance_id, execution_id, event_type, task_id, visible_at, body) " +
            "VALUES ($queue, $instance, $execution, $type, $task, $visible, $body)",
            ("$queue", queue),
            ("$instance", message.OrchestrationInstance.InstanceId),
            ("$execution", string.IsNullOrEmpty(message.OrchestrationInstance.ExecutionId) ? null : message.OrchestrationInstance.ExecutionId),
            ("$type", message.Event.EventType.ToString()),
            ("$task", TaskIdOf(message.Event)),
            ("$visible", visibleAt),
            ("$body", CoreJson.Serialize(message)));

    private static TaskMessage ReadMessage(string body) => CoreJson.Deserialize<TaskMessage>(body);

    private void DeleteInstanceData(string instanceId, bool deleteRow)
    {
        _historyCache.TryRemove(instanceId, out _);
        Database.Execute("DELETE FROM history WHERE instance_id = $id", ("$id", instanceId));
        Database.Execute("DELETE FROM messages WHERE instance_id = $id", ("$id", instanceId));
        if (deleteRow)
        {
            Database.Execute("DELETE FROM instances WHERE instance_id = $id", ("$id", instanceId));
        }
    }

    private string NewLockToken() => Guid.NewGuid().ToString("N");
}
