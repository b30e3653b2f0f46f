using Microsoft.Extensions.Logging;

namespace MarketoExport.Orchestrations.Abstractions;

/// <summary>Convenience overloads that Durable Task offers as virtual members.</summary>
public static class OrchestrationContextExtensions
{
    /// <summary>Creates a durable timer that fires after <paramref name="delay"/> from the replay-safe current time.</summary>
    public static Task CreateTimer(this IOrchestrationContext context, TimeSpan delay, CancellationToken cancellationToken)
        => context.CreateTimer(context.CurrentUtcDateTime + delay, cancellationToken);

    /// <summary>A replay-safe logger whose category is <typeparamref name="T"/>.</summary>
    public static ILogger CreateReplaySafeLogger<T>(this IOrchestrationContext context)
        => context.CreateReplaySafeLogger(typeof(T).FullName ?? typeof(T).Name);
}
