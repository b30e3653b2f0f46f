using MarketoExport.Activities;
using MarketoExport.Durable;

namespace MarketoExport.Bench.Export;

/// <summary>
/// The activities' view of the local worker, as the Host gives it (its own adapter is internal): the delivery attempt
/// (1 on a first delivery, so a create does not list jobs first) and the worker's stopping token.
/// </summary>
internal sealed class BenchActivityEnvironment(IActivityDeliveryInfo delivery) : IActivityEnvironment
{
    public int DeliveryAttempt => delivery.Attempt;

    public CancellationToken Stopping => delivery.StoppingToken;
}
