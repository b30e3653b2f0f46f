// Child process for the engine's crash test. Usage:
//   dotnet MarketoExport.Runtime.Embedded.CrashHost.dll <database> <effects-file> <instance-id> [--hang-at N]
// Runs (or resumes) the "CrashFlow" orchestration: four sequential Effect activities, then four in parallel.
// Each Effect appends "<i> <attempt>" to the effects file before returning. With --hang-at N, Effect N writes
// its line, prints "HANG N" on stdout and never returns, so the parent can kill this process with SIGKILL.
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded;
using MarketoExport.Runtime.Embedded.CrashHost;
using Microsoft.Extensions.DependencyInjection;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: <database> <effects-file> <instance-id> [--hang-at N]");
    return 2;
}

string database = args[0];
string effects = args[1];
string instanceId = args[2];
int hangAt = args.Length >= 5 && args[3] == "--hang-at" ? int.Parse(args[4], System.Globalization.CultureInfo.InvariantCulture) : -1;

var registry = new DurableTaskRegistry()
    .AddOrchestrator("CrashFlow", _ => new CrashFlowOrchestrator())
    .AddActivity("Effect", _ => new EffectActivity(effects, hangAt));
await using ServiceProvider services = new ServiceCollection().BuildServiceProvider();
await using EmbeddedEngine engine = await EmbeddedEngine.StartAsync(
    new EmbeddedEngineOptions { DatabasePath = database }, registry, services);
if (await engine.GetInstanceAsync(instanceId) is null)
{
    await engine.ScheduleNewOrchestrationInstanceAsync("CrashFlow", 8, new StartOrchestrationOptions(instanceId));
}

Console.WriteLine("STARTED");
OrchestrationMetadata done = await engine.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);
Console.WriteLine($"DONE {done.RuntimeStatus} {done.SerializedOutput}");
return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
