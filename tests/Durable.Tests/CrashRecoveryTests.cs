using System.Diagnostics;
using System.Globalization;
using DurableTask.Core.History;
using DurableTask.Core.Serializing;
using MarketoExport.Durable.Sqlite;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Durable.Tests;

/// <summary>
/// Kills a real child process running an orchestration on the SQLite provider with SIGKILL mid-activity, restarts
/// it on the same database, and checks that the run resumes at once and completes with every activity result
/// recorded once, no completed activity run again, and the interrupted one delivered a second time.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    // Well under the provider's 2-minute lock timeout: the restarted child can only finish within it because the
    // killed owner's locks are released when the next owner opens the database.
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(30);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "durable-crash", Guid.NewGuid().ToString("N"));

    public CrashRecoveryTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Worker_KilledMidActivityAndRestarted_ResumesAtOnceAndCompletesWithEachResultOnce()
    {
        string database = Path.Combine(_directory, "crash.db");
        string effects = Path.Combine(_directory, "effects.txt");
        const string id = "crash-1";

        DatabaseLockedException locked;
        int firstPid;
        using (Process first = StartChild(database, effects, id, "--hang-at", "5"))
        {
            firstPid = first.Id;
            await ReadUntilAsync(first, line => line == "HANG 5");
            using (var intruder = new SqliteOrchestrationService(new SqliteOrchestrationServiceOptions { DatabasePath = database }))
            {
                locked = Assert.Throws<DatabaseLockedException>(intruder.Open);
            }

            first.Kill();
            await first.WaitForExitAsync().WaitAsync(ChildTimeout);
        }

        HashSet<int> completedBeforeKill = CompletedInputs(database).ToHashSet();
        string statusAtKill = InstanceStatus(database, id);
        using (Process second = StartChild(database, effects, id))
        {
            string done = await ReadUntilAsync(second, line => line.StartsWith("DONE ", StringComparison.Ordinal));
            await second.WaitForExitAsync().WaitAsync(ChildTimeout);
            Assert.Equal("DONE Completed [0,10,20,30,40,50,60,70]", done);
            Assert.Equal(0, second.ExitCode);
        }

        List<int> results = CompletedInputs(database);
        ILookup<int, string> effectLines = File.ReadAllLines(effects).ToLookup(line => int.Parse(line.Split(' ')[0], CultureInfo.InvariantCulture));
        Assert.Equal(firstPid, locked.OwnerProcessId);
        Assert.Contains($"'{database}'", locked.Message, StringComparison.Ordinal);
        Assert.Contains($"process id {firstPid}", locked.Message, StringComparison.Ordinal);
        Assert.Equal("Running", statusAtKill);
        Assert.Superset(new HashSet<int> { 0, 1, 2, 3 }, completedBeforeKill);
        Assert.DoesNotContain(5, completedBeforeKill);
        Assert.Equal(Enumerable.Range(0, 8), results.Order());
        Assert.All(completedBeforeKill, i => Assert.Single(effectLines[i]));
        Assert.Equal(["5 1", "5 2"], effectLines[5]);
        Assert.All(Enumerable.Range(0, 8), i => Assert.NotEmpty(effectLines[i]));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static Process StartChild(string database, string effects, string id, params string[] extra)
    {
        string dll = Path.Combine(
            AppContext.BaseDirectory.Replace("Durable.Tests", "Durable.CrashHost", StringComparison.Ordinal),
            "MarketoExport.Durable.CrashHost.dll");
        Assert.True(File.Exists(dll), $"Crash host not built at {dll}");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in new[] { dll, database, effects, id }.Concat(extra))
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("Could not start the crash host.");
    }

    private static async Task<string> ReadUntilAsync(Process process, Func<string, bool> match)
    {
        using var timeout = new CancellationTokenSource(ChildTimeout);
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (match(line))
            {
                return line;
            }
        }

        string errors = await process.StandardError.ReadToEndAsync(timeout.Token);
        throw new InvalidOperationException($"The crash host ended without the expected line. stderr: {errors}");
    }

    /// <summary>The activity input of every TaskCompleted event in the instance's history.</summary>
    private static List<int> CompletedInputs(string database)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT s.body FROM history c
            JOIN history s ON s.instance_id = c.instance_id AND s.task_id = c.task_id AND s.event_type = 'TaskScheduled'
            WHERE c.event_type = 'TaskCompleted' ORDER BY c.seq
            """;
        using SqliteDataReader reader = command.ExecuteReader();
        var inputs = new List<int>();
        while (reader.Read())
        {
            var scheduled = JsonDataConverter.Default.Deserialize<TaskScheduledEvent>(reader.GetString(0));
            inputs.Add(int.Parse(scheduled.Input!.Trim('[', ']'), CultureInfo.InvariantCulture));
        }

        return inputs;
    }

    private static string InstanceStatus(string database, string id)
    {
        using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM instances WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (string)command.ExecuteScalar()!;
    }
}
