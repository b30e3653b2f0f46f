using MarketoExport.Orchestrations.Abstractions;

namespace MarketoExport.Host.Server;

/// <summary>The result of <see cref="ExportRunStarter.StartAsync"/>.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="InstanceId">The run's instance id (the singleton id).</param>
/// <param name="Error">Why the request was invalid (names the cause and the fix).</param>
/// <param name="Existing">The running instance, when <see cref="StartRunOutcome.AlreadyRunning"/>.</param>
public sealed record StartRunResult(StartRunOutcome Outcome, string InstanceId, string? Error = null, OrchestrationMetadata? Existing = null);
