using System.Text.RegularExpressions;

namespace MarketoExport.Orchestrations.Tests;

/// <summary>
/// Orchestrator code is replayed and must be deterministic. Durable Task's Roslyn analyzers do not restore here,
/// so this test scans the orchestration sources (the contract in Abstractions excepted) for banned calls.
/// </summary>
public sealed partial class DeterminismScannerTests
{
    private static readonly (string Name, Regex Pattern)[] Banned =
    [
        ("DateTime.Now/UtcNow/Today (use context.CurrentUtcDateTime)", DateTimeNow()),
        ("Task.Delay (use context.CreateTimer)", TaskDelay()),
        ("Guid.NewGuid (use context.NewGuid)", GuidNewGuid()),
        ("Thread.Sleep (use context.CreateTimer)", ThreadSleep()),
        ("ConfigureAwait(false) (continuations must stay on the replay thread)", ConfigureAwaitFalse()),
        ("Task.Run (work belongs in an activity)", TaskRun()),
        ("CancellationTokenSource.CancelAsync (runs callbacks on the thread pool; use Cancel)", CancelAsync()),
    ];

    [Fact]
    public void OrchestrationSources_ExceptAbstractions_UseNoBannedCalls()
    {
        string root = Path.Combine(RepositoryRoot(), "src", "Orchestrations");
        string[] files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !IsUnder(f, root, "Abstractions") && !IsUnder(f, root, "obj") && !IsUnder(f, root, "bin"))
            .ToArray();

        List<string> violations = files.SelectMany(f => Scan(File.ReadAllText(f)).Select(v => $"{Path.GetRelativePath(root, f)}:{v.Line}: {v.Rule}")).ToList();

        Assert.True(violations.Count == 0, "Banned calls in orchestration code:\n" + string.Join('\n', violations));
    }

    [Theory]
    [InlineData("var t = DateTime.UtcNow;", 1)]
    [InlineData("var t = DateTimeOffset.Now;", 1)]
    [InlineData("await Task.Delay(100);", 1)]
    [InlineData("var id = Guid.NewGuid();", 1)]
    [InlineData("Thread.Sleep(5);", 1)]
    [InlineData("await x.ConfigureAwait( false );", 1)]
    [InlineData("await Task.Run(() => 1);", 1)]
    [InlineData("await cts.CancelAsync();", 1)]
    [InlineData("// DateTime.UtcNow in a comment is fine\nvar t = context.CurrentUtcDateTime;", 0)]
    [InlineData("/* Task.Delay(1) */ await context.CreateTimer(due, ct);", 0)]
    [InlineData("var id = context.NewGuid();", 0)]
    public void Scan_Source_FindsBannedCallsOutsideComments(string source, int expected)
    {
        Assert.Equal(expected, Scan(source).Count);
    }

    private static List<(int Line, string Rule)> Scan(string source)
    {
        string code = StripComments(source);
        var found = new List<(int, string)>();
        foreach ((string name, Regex pattern) in Banned)
        {
            foreach (Match match in pattern.Matches(code))
            {
                found.Add((code[..match.Index].Count(c => c == '\n') + 1, name));
            }
        }

        return found;
    }

    /// <summary>Blanks out comments, keeping line breaks so line numbers stay right.</summary>
    private static string StripComments(string source)
        => Comments().Replace(source, m => new string(m.Value.Where(c => c == '\n').ToArray()));

    private static bool IsUnder(string file, string root, string folder)
        => Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)[0] == folder;

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Durable.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Durable.sln not found above " + AppContext.BaseDirectory);
    }

    [GeneratedRegex(@"//[^\n]*|/\*.*?\*/", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"\bDateTime(Offset)?\s*\.\s*(Now|UtcNow|Today)\b")]
    private static partial Regex DateTimeNow();

    [GeneratedRegex(@"\bTask\s*\.\s*Delay\b")]
    private static partial Regex TaskDelay();

    [GeneratedRegex(@"\bGuid\s*\.\s*NewGuid\b")]
    private static partial Regex GuidNewGuid();

    [GeneratedRegex(@"\bThread\s*\.\s*Sleep\b")]
    private static partial Regex ThreadSleep();

    [GeneratedRegex(@"\.\s*ConfigureAwait\s*\(\s*false\s*\)")]
    private static partial Regex ConfigureAwaitFalse();

    [GeneratedRegex(@"\bTask\s*\.\s*Run\b")]
    private static partial Regex TaskRun();

    [GeneratedRegex(@"\.\s*CancelAsync\s*\(")]
    private static partial Regex CancelAsync();
}
