using System.ComponentModel.DataAnnotations;
using System.Text.Json;

namespace MarketoExport.Runtime.Embedded;

/// <summary>Settings of the embedded durable engine.</summary>
public sealed class EmbeddedEngineOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "EmbeddedEngine";

    /// <summary>The SQLite database file holding history and work queues. A lock file <c>&lt;path&gt;.lock</c> sits next to it.</summary>
    [Required]
    public string DatabasePath { get; set; } = string.Empty;

    /// <summary>How many activities run at the same time in this process.</summary>
    [Range(1, 10_000)]
    public int MaxConcurrentActivities { get; set; } = 10;

    /// <summary>
    /// How many times one work item (an activity task or an orchestration turn) may be dispatched without
    /// completing (the worker crashed or the engine could not process it) before it is parked as failed.
    /// </summary>
    [Range(1, 1_000)]
    public int MaxDispatchAttempts { get; set; } = 5;

    /// <summary>JSON settings for inputs, outputs, custom status and event payloads.</summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>How often the owner row's heartbeat is refreshed (shown to a second process refused the lock).</summary>
    public TimeSpan LockHeartbeat { get; set; } = TimeSpan.FromSeconds(30);

    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DatabasePath))
        {
            throw new InvalidOperationException(
                "EmbeddedEngineOptions.DatabasePath is empty: set it to the path of the SQLite file the engine should use.");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(MaxConcurrentActivities, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxDispatchAttempts, 1);
        ArgumentNullException.ThrowIfNull(SerializerOptions);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(LockHeartbeat, TimeSpan.Zero);
    }
}
