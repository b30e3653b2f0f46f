using MarketoExport.FunctionApp.Http;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace MarketoExport.FunctionApp;

/// <summary>
/// Starting runs under the singleton rule, shared by the timer and the HTTP start: a run is started only when no
/// <see cref="ExportRunOrchestrator"/> instance is Pending, Running or Suspended. (A start racing another start in
/// the same second can slip through; the timer fires on one instance only, so that takes a manual start at 02:00.)
/// </summary>
public sealed class ExportRuns(IOptions<ExportRunOptions> options, TimeProvider timeProvider)
{
    private static readonly OrchestrationRuntimeStatus[] ActiveStatuses =
        [OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Suspended];

    /// <summary>The run that is still active, or null.</summary>
    public static async Task<OrchestrationMetadata?> FindActiveRunAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        await foreach (OrchestrationMetadata instance in client.GetAllInstancesAsync(new OrchestrationQuery(Statuses: ActiveStatuses))
            .WithCancellation(cancellationToken))
        {
            // Sub-orchestrations (one per object) are active too; only the run itself counts.
            if (instance.Name == nameof(ExportRunOrchestrator))
            {
                return instance;
            }
        }

        return null;
    }

    /// <summary>The run's input: the body's objects and range when given, the configured objects otherwise.</summary>
    /// <exception cref="ArgumentException">An object name is not valid; the message says which and why.</exception>
    public ExportRunRequest CreateRequest(ExportRunStartRequest? body)
    {
        ExportRunOptions configured = options.Value;
        IEnumerable<string> names = body?.Objects is { Count: > 0 } requested ? requested : configured.Objects;
        var objects = new List<ExportObject>();
        foreach (string name in names)
        {
            objects.Add(ExportObject.TryParse(name, out string? error) ?? throw new ArgumentException(error));
        }

        return new ExportRunRequest(objects, configured.Settings) { Since = body?.Since, Until = body?.Until };
    }

    /// <summary>Schedules a run under a new, sortable instance id and returns the id.</summary>
    public Task<string> StartAsync(DurableTaskClient client, ExportRunRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        string instanceId = $"export-{timeProvider.GetUtcNow():yyyyMMdd-HHmmss}-{Guid.NewGuid():N}"[..32];
        return client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ExportRunOrchestrator), request, new StartOrchestrationOptions(instanceId), cancellationToken);
    }
}
