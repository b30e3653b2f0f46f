using System.ComponentModel.DataAnnotations;

namespace MarketoExport.Durable;

/// <summary>Settings of <see cref="LocalDurableWorker"/> (and the rewind modes its client uses).</summary>
public sealed class LocalDurableWorkerOptions
{
    /// <summary>How long <see cref="LocalDurableWorker.StopAsync"/> waits for running work items before it cancels the activities' <see cref="IActivityDeliveryInfo.StoppingToken"/>.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StopGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long stop then waits for cancelled activities to give their work items back.</summary>
    /// <value>Default 10 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan CancellationGracePeriod { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The rewind mode of an orchestration, by orchestration name (case-insensitive).</summary>
    public IDictionary<string, RewindMode> RewindModes { get; } = new Dictionary<string, RewindMode>(StringComparer.OrdinalIgnoreCase);

    /// <summary>The rewind mode of orchestrations not in <see cref="RewindModes"/>.</summary>
    /// <value>Default <see cref="RewindMode.LastFailure"/>.</value>
    public RewindMode DefaultRewindMode { get; set; } = RewindMode.LastFailure;

    /// <summary>The rewind mode of an orchestration.</summary>
    public RewindMode RewindModeOf(string orchestrationName)
        => RewindModes.TryGetValue(orchestrationName, out RewindMode mode) ? mode : DefaultRewindMode;
}
