using MarketoExport.Orchestrations.Abstractions;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Runtime.Embedded;

/// <summary>Orchestrators and activities by name. Names are matched case-insensitively.</summary>
public sealed class DurableTaskRegistry
{
    private readonly Dictionary<string, Func<IServiceProvider, IOrchestrator>> _orchestrators = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, Func<IServiceProvider, IActivity>> _activities = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Registers an orchestrator type, created through the service provider for every turn.</summary>
    public DurableTaskRegistry AddOrchestrator<T>(string name) where T : IOrchestrator
        => AddOrchestrator(name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    /// <summary>Registers an orchestrator factory, called for every turn.</summary>
    public DurableTaskRegistry AddOrchestrator(string name, Func<IServiceProvider, IOrchestrator> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_orchestrators.TryAdd(name, factory))
        {
            throw new ArgumentException($"An orchestrator named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    /// <summary>Registers an activity type, resolved in a fresh service scope for every call.</summary>
    public DurableTaskRegistry AddActivity<T>(string name) where T : IActivity
        => AddActivity(name, sp => ActivatorUtilities.CreateInstance<T>(sp));

    /// <summary>Registers an activity factory, called in a fresh service scope for every call.</summary>
    public DurableTaskRegistry AddActivity(string name, Func<IServiceProvider, IActivity> factory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(factory);
        if (!_activities.TryAdd(name, factory))
        {
            throw new ArgumentException($"An activity named '{name}' is already registered.", nameof(name));
        }

        return this;
    }

    internal bool TryGetOrchestrator(string name, out Func<IServiceProvider, IOrchestrator> factory)
        => _orchestrators.TryGetValue(name, out factory!);

    internal bool TryGetActivity(string name, out Func<IServiceProvider, IActivity> factory)
        => _activities.TryGetValue(name, out factory!);
}
