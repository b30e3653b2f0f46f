using System.ComponentModel.DataAnnotations;

namespace MarketoExport.Durable.Sqlite;

/// <summary>Settings of <see cref="SqliteOrchestrationService"/>.</summary>
public sealed class SqliteOrchestrationServiceOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "DurableTask:Sqlite";

    /// <summary>The SQLite file. <c>&lt;DatabasePath&gt;.lock</c> next to it marks the owning process.</summary>
    [Required]
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>Orchestration turns processed at the same time.</summary>
    /// <value>Default 10.</value>
    [Range(1, 1000)]
    public int MaxConcurrentOrchestrations { get; set; } = 10;

    /// <summary>Activities run at the same time.</summary>
    /// <value>Default 10 (Marketo allows 10 concurrent calls).</value>
    [Range(1, 1000)]
    public int MaxConcurrentActivities { get; set; } = 10;

    /// <summary>Fetch loops of DurableTask.Core's orchestration dispatcher.</summary>
    /// <value>Default 1: a fetch takes well under a millisecond, and processing runs concurrently anyway.</value>
    [Range(1, 16)]
    public int OrchestrationDispatcherCount { get; set; } = 1;

    /// <summary>Fetch loops of DurableTask.Core's activity dispatcher.</summary>
    /// <value>Default 1.</value>
    [Range(1, 16)]
    public int ActivityDispatcherCount { get; set; } = 1;

    /// <summary>
    /// How long a fetched work item stays invisible to other fetches. DurableTask.Core renews the lock while the
    /// work item runs, so this only matters for a work item its dispatcher lost track of. Locks run on the wall
    /// clock (Core renews them on the wall clock), not on <see cref="TimeProvider"/>.
    /// </summary>
    /// <value>Default 2 minutes; at least 10 seconds, since Core renews at most every 5 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:10", "1.00:00:00")]
    public TimeSpan LockTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Dispatches of one work item without a completion before it is parked: the instance fails (an orchestration
    /// work item) or the activity's task fails for its orchestrator, with <see cref="PoisonWorkItemException"/> details.
    /// </summary>
    /// <value>Default 5.</value>
    [Range(1, 100)]
    public int MaxDispatchAttempts { get; set; } = 5;

    /// <summary>
    /// The orchestration clock: timers become due on it and the worker stamps orchestration turns with it, so a
    /// fake or scaled clock drives orchestrators and timers consistently.
    /// </summary>
    /// <value>Default <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>The task hub name shown in logs and matched by queries that filter on task hub names.</summary>
    /// <value>Default <c>"local"</c>.</value>
    public string TaskHubName { get; set; } = "local";

    /// <summary>The clock of lock expiry; tests of the provider itself replace it.</summary>
    internal TimeProvider LockTimeProvider { get; set; } = TimeProvider.System;
}
