namespace MarketoExport.Durable.Worker;

/// <summary>The <see cref="IActivityDeliveryInfo"/> singleton: an AsyncLocal the worker's activity middleware sets around each activity.</summary>
internal sealed class ActivityDeliveryInfo : IActivityDeliveryInfo
{
    private static readonly AsyncLocal<Delivery?> CurrentDelivery = new();

    public static ActivityDeliveryInfo Instance { get; } = new();

    public int Attempt => CurrentDelivery.Value?.Attempt ?? 0;

    public CancellationToken StoppingToken => CurrentDelivery.Value?.StoppingToken ?? CancellationToken.None;

    public static void Set(int attempt, CancellationToken stoppingToken) => CurrentDelivery.Value = new Delivery(attempt, stoppingToken);

    public static void Clear() => CurrentDelivery.Value = null;

    private sealed record Delivery(int Attempt, CancellationToken StoppingToken);
}
