namespace MarketoExport.Activities;

/// <summary>An <see cref="IActivityEnvironment"/> with fixed values.</summary>
/// <param name="DeliveryAttempt">See <see cref="IActivityEnvironment.DeliveryAttempt"/>.</param>
/// <param name="Stopping">See <see cref="IActivityEnvironment.Stopping"/>.</param>
public sealed record ActivityEnvironment(int DeliveryAttempt, CancellationToken Stopping) : IActivityEnvironment
{
    /// <summary>A runtime that says nothing: every delivery may be a re-run, nothing cancels.</summary>
    public static ActivityEnvironment Unknown { get; } = new(0, CancellationToken.None);
}
