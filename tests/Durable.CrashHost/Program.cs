// Child process for the Durable crash test. Usage:
//   dotnet MarketoExport.Durable.CrashHost.dll <database> <effects-file> <instance-id> [--hang-at N]
// Runs (or resumes) the CrashFlow orchestration on the SQLite provider: four sequential Effect activities, then
// four in parallel. Each Effect appends "<i> <delivery attempt>" to the effects file before returning. With
// --hang-at N, Effect N writes its line, prints "HANG N" on stdout and never returns, so the parent can kill this
// process with SIGKILL.
using System.Globalization;
using MarketoExport.Durable;
using MarketoExport.Durable.CrashHost;
using MarketoExport.Durable.Sqlite;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;

if (args.Length < 3)
{
    Console.Error.WriteLine("usage: <database> <effects-file> <instance-id> [--hang-at N]");
    return 2;
}

string database = args[0];
EffectActivity.EffectsFile = args[1];
string instanceId = args[2];
EffectActivity.HangAt = args.Length >= 5 && args[3] == "--hang-at" ? int.Parse(args[4], CultureInfo.InvariantCulture) : -1;

await using ServiceProvider services = new ServiceCollection()
    .AddSingleton(LocalDurableWorker.DeliveryInfo)
    .BuildServiceProvider();
var registry = new DurableTaskRegistry()
    .AddOrchestrator<CrashFlowOrchestrator>(nameof(CrashFlowOrchestrator))
    .AddActivity<EffectActivity>(nameof(EffectActivity));
await using var store = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = database });
await using var worker = new LocalDurableWorker(store, services, registry);
await worker.StartAsync();
DurableTaskClient client = worker.CreateClient();
if (await client.GetInstanceAsync(instanceId) is null)
{
    await client.ScheduleNewOrchestrationInstanceAsync(nameof(CrashFlowOrchestrator), 8, new StartOrchestrationOptions(instanceId));
}

Console.WriteLine("STARTED");
OrchestrationMetadata done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true);
Console.WriteLine($"DONE {done.RuntimeStatus} {done.SerializedOutput}");
return done.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0 : 1;
