using System.Diagnostics;
using MarketoExport.Runtime.Embedded.Storage;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Runtime.Embedded.Tests;

/// <summary>
/// Kills a real child process with SIGKILL in the middle of an orchestration, restarts it on the same database,
/// and checks that the instance completes with every activity result recorded once and no completed activity re-run.
/// </summary>
public sealed class CrashRecoveryTests : IDisposable
{
    private static readonly TimeSpan ChildTimeout = TimeSpan.FromSeconds(60);
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "engine-crash", Guid.NewGuid().ToString("N"));

    public CrashRecoveryTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task Engine_KilledMidRunAndRestarted_CompletesWithEachResultOnceAndNoCompletedActivityRerun()
    {
        string database = Path.Combine(_directory, "crash.db");
        string effects = Path.Combine(_directory, "effects.txt");
        const string id = "crash-1";

        using (Process first = StartChild(database, effects, id, "--hang-at", "5"))
        {
            await ReadUntilAsync(first, line => line == "HANG 5");
            first.Kill();
            await first.WaitForExitAsync().WaitAsync(ChildTimeout);
        }

        HashSet<int> completedBeforeKill = CompletedTasks(database).Select(t => t.Input).ToHashSet();
        string statusAtKill = InstanceStatus(database, id);
        using (Process second = StartChild(database, effects, id))
        {
            string done = await ReadUntilAsync(second, line => line.StartsWith("DONE ", StringComparison.Ordinal));
            await second.WaitForExitAsync().WaitAsync(ChildTimeout);
            Assert.Equal("DONE Completed [0,10,20,30,40,50,60,70]", done);
            Assert.Equal(0, second.ExitCode);
        }

        List<(int TaskId, int Input)> results = CompletedTasks(database);
        ILookup<int, string> effectLines = File.ReadAllLines(effects).ToLookup(line => int.Parse(line.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("Running", statusAtKill);
        Assert.Superset(new HashSet<int> { 0, 1, 2, 3 }, completedBeforeKill);
        Assert.DoesNotContain(5, completedBeforeKill);
        Assert.Equal(Enumerable.Range(0, 8), results.Select(r => r.Input).Order());
        Assert.Equal(results.Count, results.Select(r => r.TaskId).Distinct().Count());
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
            AppContext.BaseDirectory.Replace("Runtime.Embedded.Tests", "Runtime.Embedded.CrashHost", StringComparison.Ordinal),
            "MarketoExport.Runtime.Embedded.CrashHost.dll");
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

    /// <summary>(task id, activity input) of every TaskCompleted row in the instance's history.</summary>
    private static List<(int TaskId, int Input)> CompletedTasks(string database)
    {
        using var connection = new SqliteConnection(SqliteStore.ConnectionString(database));
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = """
            SELECT c.task_id, s.data FROM history c
            JOIN history s ON s.instance_id = c.instance_id AND s.task_id = c.task_id AND s.type = 'TaskScheduled'
            WHERE c.type = 'TaskCompleted' ORDER BY c.task_id
            """;
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<(int, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetInt32(0), int.Parse(reader.GetString(1), System.Globalization.CultureInfo.InvariantCulture)));
        }

        return rows;
    }

    private static string InstanceStatus(string database, string id)
    {
        using var connection = new SqliteConnection(SqliteStore.ConnectionString(database));
        connection.Open();
        using SqliteCommand command = connection.CreateCommand();
        command.CommandText = "SELECT status FROM instances WHERE instance_id = $id";
        command.Parameters.AddWithValue("$id", id);
        return (string)command.ExecuteScalar()!;
    }
}
