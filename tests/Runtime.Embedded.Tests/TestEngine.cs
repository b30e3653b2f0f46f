using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Runtime.Embedded.Tests;

/// <summary>
/// An engine on a fresh database in a temporary folder, driven by a <see cref="FakeTimeProvider"/>.
/// Registrations are made before <see cref="StartAsync"/>; <see cref="RestartAsync"/> reopens the same database.
/// </summary>
internal sealed class TestEngine : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "engine-tests", Guid.NewGuid().ToString("N"));

    public TestEngine(Action<EmbeddedEngineOptions>? configure = null)
    {
        Directory.CreateDirectory(_directory);
        Options = new EmbeddedEngineOptions { DatabasePath = Path.Combine(_directory, "durable.db") };
        configure?.Invoke(Options);
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public DurableTaskRegistry Registry { get; } = new();

    public EmbeddedEngineOptions Options { get; }

    public IServiceProvider Services { get; } = new ServiceCollection().BuildServiceProvider();

    public Microsoft.Extensions.Logging.ILoggerFactory? Loggers { get; set; }

    public EmbeddedEngine Engine => _engine ?? throw new InvalidOperationException("Call StartAsync first.");

    public string DatabasePath => Options.DatabasePath;

    private EmbeddedEngine? _engine;

    public TestEngine Orchestrator<TIn, TOut>(string name, Func<IOrchestrationContext, TIn, Task<TOut>> body)
    {
        Registry.AddOrchestrator(name, _ => new LambdaOrchestrator<TIn, TOut>(body));
        return this;
    }

    public TestEngine Activity<TIn, TOut>(string name, Func<ActivityContext, TIn, Task<TOut>> body)
    {
        Registry.AddActivity(name, _ => new LambdaActivity<TIn, TOut>((context, input, _) => body(context, input)));
        return this;
    }

    public TestEngine Activity<TIn, TOut>(string name, Func<ActivityContext, TIn, CancellationToken, Task<TOut>> body)
    {
        Registry.AddActivity(name, _ => new LambdaActivity<TIn, TOut>(body));
        return this;
    }

    public async Task<EmbeddedEngine> StartAsync()
    {
        _engine = await EmbeddedEngine.StartAsync(Options, Registry, Services, Time, Loggers);
        return _engine;
    }

    public async Task<EmbeddedEngine> RestartAsync()
    {
        await StopAsync();
        return await StartAsync();
    }

    public async Task StopAsync()
    {
        if (_engine is not null)
        {
            await _engine.StopAsync();
            _engine = null;
        }
    }

    public Task<OrchestrationMetadata> WaitAsync(string instanceId)
        => Engine.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true).WaitAsync(Timeout);

    public Task IdleAsync() => Engine.WaitForIdleAsync(CancellationToken.None).WaitAsync(Timeout);

    public Task UntilAsync(Func<Storage.SqliteStore, bool> condition) => Engine.WaitUntilAsync(condition, CancellationToken.None).WaitAsync(Timeout);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
