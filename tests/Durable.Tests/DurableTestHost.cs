using MarketoExport.Durable.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Durable.Tests;

/// <summary>
/// The SQLite provider, a <see cref="LocalDurableWorker"/> and a client on a fresh database in a temporary folder,
/// driven by a <see cref="FakeTimeProvider"/>. Register orchestrators and activities before <see cref="StartAsync"/>;
/// <see cref="RestartAsync"/> reopens the same database with a new provider and worker.
/// </summary>
internal sealed class DurableTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "durable-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider? _services;

    public DurableTestHost()
    {
        Directory.CreateDirectory(_directory);
        StoreOptions = new SqliteOrchestrationServiceOptions
        {
            DatabasePath = Path.Combine(_directory, "durable.db"),
            TimeProvider = Time,
        };
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DurableTaskRegistry Registry { get; } = new();

    public SqliteOrchestrationServiceOptions StoreOptions { get; }

    /// <summary>Short stop grace periods: a test that fails with an activity still running should not also wait 40 s.</summary>
    public LocalDurableWorkerOptions WorkerOptions { get; } = new()
    {
        StopGracePeriod = TimeSpan.FromSeconds(2),
        CancellationGracePeriod = TimeSpan.FromSeconds(1),
    };

    public IServiceCollection Services { get; } = new ServiceCollection().AddSingleton(LocalDurableWorker.DeliveryInfo);

    public SqliteOrchestrationService Store => _store ?? throw new InvalidOperationException("Call StartAsync first.");

    public LocalDurableWorker Worker => _worker ?? throw new InvalidOperationException("Call StartAsync first.");

    public DurableTaskCoreClient Client => _client ?? throw new InvalidOperationException("Call StartAsync first.");

    public string DatabasePath => StoreOptions.DatabasePath;

    private SqliteOrchestrationService? _store;
    private LocalDurableWorker? _worker;
    private DurableTaskCoreClient? _client;

    public DurableTestHost Orchestrator<TIn, TOut>(string name, Func<TaskOrchestrationContext, TIn, Task<TOut>> body)
    {
        Registry.AddOrchestratorFunc<TIn, TOut>(name, (context, input) => body(context, input!));
        return this;
    }

    public DurableTestHost Activity<TIn, TOut>(string name, Func<TaskActivityContext, TIn, Task<TOut>> body)
    {
        Registry.AddActivityFunc<TIn, TOut>(name, (context, input) => body(context, input!));
        return this;
    }

    public DurableTestHost Activity<TIn, TOut>(string name, Func<TIn, TOut> body)
    {
        Registry.AddActivityFunc<TIn, TOut>(name, (_, input) => body(input!));
        return this;
    }

    public async Task StartAsync()
    {
        _services ??= Services.BuildServiceProvider();
        _store = new SqliteOrchestrationService(StoreOptions);
        _worker = new LocalDurableWorker(_store, _services, Registry, WorkerOptions, null, Time);
        _client = _worker.CreateClient();
        await _worker.StartAsync();
    }

    /// <summary>Stops the worker and closes the provider (releasing the database), then opens both again.</summary>
    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async Task StopAsync()
    {
        if (_worker is not null)
        {
            await _worker.DisposeAsync();
            _worker = null;
        }

        if (_store is not null)
        {
            await _store.DisposeAsync();
            _store = null;
        }
    }

    public Task<string> StartAsync(string orchestrator, object? input = null, string? instanceId = null)
        => Client.ScheduleNewOrchestrationInstanceAsync(orchestrator, input, new StartOrchestrationOptions(instanceId));

    public async Task<OrchestrationMetadata> WaitAsync(string instanceId)
    {
        try
        {
            return await Client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true).WaitAsync(Timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Instance {instanceId} did not end within {Timeout}.{Environment.NewLine}{Dump()}", ex);
        }
    }

    /// <summary>The database's instances, messages and history, for a failure message.</summary>
    public string Dump()
    {
        var text = new System.Text.StringBuilder();
        using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabasePath};Mode=ReadOnly;Pooling=False");
        connection.Open();
        foreach (string sql in new[]
        {
            "SELECT instance_id, status, lock_token IS NOT NULL, dispatch_attempts FROM instances",
            "SELECT id, queue, instance_id, event_type, task_id, visible_at, lock_token IS NOT NULL, deliveries, attempts FROM messages",
            "SELECT instance_id, seq, event_type, event_id, task_id FROM history ORDER BY instance_id, seq",
        })
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            using var reader = command.ExecuteReader();
            text.AppendLine(sql);
            while (reader.Read())
            {
                for (int i = 0; i < reader.FieldCount; i++)
                {
                    text.Append(reader.IsDBNull(i) ? "null" : reader.GetValue(i)).Append(' ');
                }

                text.AppendLine();
            }
        }

        text.Append("now ").Append(Time.GetUtcNow().UtcTicks);
        return text.ToString();
    }

    /// <summary>Waits until the instance has nothing to do now (its due messages processed, no activity queued).</summary>
    public async Task WaitIdleAsync(string instanceId)
    {
        try
        {
            await Store.WaitForIdleAsync(instanceId, CancellationToken.None).WaitAsync(Timeout);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Instance {instanceId} did not become idle within {Timeout}.{Environment.NewLine}{Dump()}", ex);
        }
    }

    /// <summary>Waits until the instance is idle, then reads its custom status.</summary>
    public async Task<T?> IdleCustomStatusAsync<T>(string instanceId)
    {
        await WaitIdleAsync(instanceId);
        OrchestrationMetadata? metadata = await Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
        return metadata is null ? default : metadata.ReadCustomStatusAs<T>();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_services is not null)
        {
            await _services.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
