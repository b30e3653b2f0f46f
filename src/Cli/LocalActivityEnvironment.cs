using MarketoExport.Activities;
using MarketoExport.Durable;

namespace MarketoExport.Cli;

/// <summary>The activities' view of the local worker: its delivery attempt and stopping token for the running activity.</summary>
internal sealed class LocalActivityEnvironment(IActivityDeliveryInfo delivery) : IActivityEnvironment
{
    /// <inheritdoc />
    public int DeliveryAttempt => delivery.Attempt;

    /// <inheritdoc />
    public CancellationToken Stopping => delivery.StoppingToken;
}
