namespace MarketoExport.Durable;

/// <summary>
/// What the worker knows about the delivery of the activity that is running on the calling flow. Inject it into
/// an activity (it is a singleton that reads the current activity's values).
/// </summary>
public interface IActivityDeliveryInfo
{
    /// <summary>
    /// 1 for the first delivery of the activity's message, 2 or more for a redelivery (an earlier delivery may have
    /// run partly: the process died, or the worker stopped while it ran), 0 when unknown or outside an activity.
    /// This is not the attempt number of a retry policy: each retry is a new message.
    /// </summary>
    int Attempt { get; }

    /// <summary>
    /// Cancelled when the worker stops and the activity has not finished within the stop grace period. An activity
    /// that ends because of it goes back to the queue and runs again on the next start (as a redelivery).
    /// </summary>
    CancellationToken StoppingToken { get; }
}
