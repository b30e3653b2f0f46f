using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MarketoExport.Bench.Engine;

/// <summary>
/// <c>readme-run --host LABEL=PATH/marketo-export.dll [--host ...] [--reps N]</c>: times the README's
/// <c>dotnet run --project src/Cli -- run</c> without the build: <c>dotnet HOST.dll run</c> in a fresh empty folder (first
/// run: everything since the simulator's data start), then again in the same folder (second run: nothing new). The
/// hosts take turns within each repetition, so they share the machine's load. Writes bench/results/readme-run.json.
/// </summary>
internal static class ReadmeRun
{
    public static async Task<int> RunAsync(string[] args, string root)
    {
        var hosts = new List<(string Label, string Dll)>();
        int reps = 5;
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--host" && i + 1 < args.Length && args[i + 1].Split('=', 2) is [var label, var dll])
            {
                hosts.Add((label, Path.GetFullPath(dll)));
                i++;
            }
            else if (args[i] == "--reps" && i + 1 < args.Length)
            {
                reps = int.Parse(args[++i], CultureInfo.InvariantCulture);
            }
            else
            {
                Console.Error.WriteLine($"readme-run: unknown argument {args[i]}; use --host LABEL=HOST.dll [--host ...] [--reps N]");
                return 2;
            }
        }

        if (hosts.Count == 0 || hosts.Any(h => !File.Exists(h.Dll)))
        {
            Console.Error.WriteLine("readme-run: give at least one --host LABEL=PATH/marketo-export.dll that exists (build it with -c Release)");
            return 2;
        }

        var samples = hosts.ToDictionary(h => h.Label, _ => new List<JsonObject>());
        string loadAtStart = Machine.LoadAverage();
        Console.WriteLine($"readme-run: {reps} repetitions of {string.Join(", ", hosts.Select(h => h.Label))}, load {loadAtStart}");
        for (int rep = 0; rep < reps; rep++)
        {
            // Alternate the order so neither host always runs right after the other's second run.
            IEnumerable<(string Label, string Dll)> order = rep % 2 == 0 ? hosts : Enumerable.Reverse(hosts);
            foreach ((string label, string dll) in order)
            {
                string dir = Directory.CreateTempSubdirectory("readme-run-").FullName;
                try
                {
                    string load = Machine.LoadAverage();
                    RunResult first = await RunHostAsync(dll, dir);
                    int filesAfterFirst = CountCsv(dir);
                    RunResult second = await RunHostAsync(dll, dir);
                    int filesAfterSecond = CountCsv(dir);
                    var sample = new JsonObject
                    {
                        ["rep"] = rep + 1,
                        ["firstRunSeconds"] = Math.Round(first.WallSeconds, 3),
                        ["firstRunCpuSeconds"] = first.CpuSeconds is { } c1 ? Math.Round(c1, 2) : null,
                        ["firstRunPeakRssMiB"] = first.PeakRssMiB is { } m1 ? Math.Round(m1, 1) : null,
                        ["firstRunExit"] = first.ExitCode,
                        ["firstRunRuntime"] = first.Runtime?.ToJson(),
                        ["filesLanded"] = filesAfterFirst,
                        ["secondRunSeconds"] = Math.Round(second.WallSeconds, 3),
                        ["secondRunCpuSeconds"] = second.CpuSeconds is { } c2 ? Math.Round(c2, 2) : null,
                        ["secondRunExit"] = second.ExitCode,
                        ["secondRunRuntime"] = second.Runtime?.ToJson(),
                        ["secondRunNewFiles"] = filesAfterSecond - filesAfterFirst,
                        ["loadAverage"] = load,
                    };
                    samples[label].Add(sample);
                    Console.WriteLine($"  {label,-8} rep {rep + 1}: first {first.WallSeconds:F2} s (cpu {first.CpuSeconds:F2} s, jit {first.Runtime?.JitMethods} methods {first.Runtime?.JitMilliseconds:F0} ms, exit {first.ExitCode}, {filesAfterFirst} files), "
                        + $"second {second.WallSeconds:F2} s (cpu {second.CpuSeconds:F2} s, jit {second.Runtime?.JitMethods} methods {second.Runtime?.JitMilliseconds:F0} ms, exit {second.ExitCode}, {filesAfterSecond - filesAfterFirst} new), load {load}");
                    if (first.ExitCode != 0 || second.ExitCode != 0)
                    {
                        Console.WriteLine($"    {label} output:\n{first.Output}\n{second.Output}");
                    }
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        var results = new JsonObject
        {
            ["ranAt"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["machine"] = new JsonObject
            {
                ["processorCount"] = Environment.ProcessorCount,
                ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
                ["loadAverageAtStart"] = loadAtStart,
                ["loadAverageAtEnd"] = Machine.LoadAverage(),
            },
            ["method"] = "the README's `dotnet run --project src/Cli -- run` without the build: `dotnet <Release Host dll> run` in a fresh "
                + "empty temp folder (in-process simulator, defaults: leads + activities since 2026-01-01, ./landing, ./state), then the same "
                + "command again in that folder (nothing new to land). Wall time of the whole process (start-up, run, shutdown) measured by "
                + "the parent; CPU (user + sys) and peak RSS from /usr/bin/time; JIT (methods compiled, time in the JIT), assemblies loaded, "
                + "allocations and GC of the Host process from a startup hook (bench/Engine's StartupHook, via DOTNET_STARTUP_HOOKS) at its exit. "
                + "The hosts take turns within each repetition.",
            ["hosts"] = new JsonObject(hosts.Select(h => KeyValuePair.Create(h.Label, (JsonNode?)Describe(h.Dll, samples[h.Label])))),
        };
        string output = Path.Combine(root, "bench", "results", "readme-run.json");
        await File.WriteAllTextAsync(output, results.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
        Console.WriteLine($"written: {output}");
        return 0;
    }

    private static JsonObject Describe(string dll, List<JsonObject> runs)
    {
        double[] first = [.. runs.Select(r => (double)r["firstRunSeconds"]!)];
        double[] second = [.. runs.Select(r => (double)r["secondRunSeconds"]!)];
        double[] cpu = [.. runs.Select(r => (double?)r["firstRunCpuSeconds"]).OfType<double>()];
        return new JsonObject
        {
            ["dll"] = dll,
            ["commit"] = GitCommit(Path.GetDirectoryName(dll)!),
            ["firstRunMedianSeconds"] = Math.Round(Median(first), 2),
            ["firstRunMinSeconds"] = Math.Round(first.Min(), 2),
            ["firstRunMaxSeconds"] = Math.Round(first.Max(), 2),
            ["firstRunCpuMedianSeconds"] = cpu.Length > 0 ? Math.Round(Median(cpu), 2) : null,
            ["firstRunJitMillisecondsMedian"] = JitMedian(runs, "firstRunRuntime"),
            ["secondRunMedianSeconds"] = Math.Round(Median(second), 2),
            ["secondRunCpuMedianSeconds"] = runs.Select(r => (double?)r["secondRunCpuSeconds"]).OfType<double>().ToArray() is { Length: > 0 } c2 ? Math.Round(Median(c2), 2) : null,
            ["secondRunJitMillisecondsMedian"] = JitMedian(runs, "secondRunRuntime"),
            ["secondRunMinSeconds"] = Math.Round(second.Min(), 2),
            ["secondRunMaxSeconds"] = Math.Round(second.Max(), 2),
            ["runs"] = new JsonArray([.. runs]),
        };
    }

    private static double? JitMedian(List<JsonObject> runs, string key)
        => runs.Select(r => (double?)r[key]?["jitMilliseconds"]).OfType<double>().ToArray() is { Length: > 0 } v ? Math.Round(Median(v)) : null;

    private sealed record RunResult(double WallSeconds, int ExitCode, double? CpuSeconds, double? PeakRssMiB, string Output, RuntimeStats? Runtime);

    /// <summary>What <see cref="StartupHook"/> wrote at the Host's exit.</summary>
    private sealed record RuntimeStats(long JitMethods, double JitMilliseconds, int Assemblies, long AllocatedBytes, int Gen0Collections, double GcPauseMilliseconds)
    {
        public static RuntimeStats? Read(string file)
        {
            if (!File.Exists(file))
            {
                return null;
            }

            string[] p = File.ReadAllText(file).Trim().Split(' ');
            File.Delete(file);
            return p.Length < 6 ? null : new RuntimeStats(
                long.Parse(p[0], CultureInfo.InvariantCulture), double.Parse(p[1], CultureInfo.InvariantCulture), int.Parse(p[2], CultureInfo.InvariantCulture),
                long.Parse(p[3], CultureInfo.InvariantCulture), int.Parse(p[4], CultureInfo.InvariantCulture), double.Parse(p[5], CultureInfo.InvariantCulture));
        }

        public JsonObject ToJson() => new()
        {
            ["jitMethods"] = JitMethods,
            ["jitMilliseconds"] = Math.Round(JitMilliseconds),
            ["assembliesLoaded"] = Assemblies,
            ["allocatedMiB"] = Math.Round(AllocatedBytes / 1048576.0, 1),
            ["gen0Collections"] = Gen0Collections,
            ["gcPauseMilliseconds"] = Math.Round(GcPauseMilliseconds, 1),
        };
    }

    private static async Task<RunResult> RunHostAsync(string dll, string dir)
    {
        string timeFile = Path.Combine(Path.GetTempPath(), $"readme-run-time-{Environment.ProcessId}.txt");
        string statsFile = Path.Combine(Path.GetTempPath(), $"readme-run-stats-{Environment.ProcessId}.txt");
        bool timed = File.Exists("/usr/bin/time");
        var psi = new ProcessStartInfo(timed ? "/usr/bin/time" : "dotnet")
        {
            WorkingDirectory = dir,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in timed ? new[] { "-o", timeFile, "-f", "%U %S %M", "dotnet", dll, "run" } : new[] { dll, "run" })
        {
            psi.ArgumentList.Add(arg);
        }

        // The in-process simulator: no Marketo credentials, no export settings from this shell.
        foreach (string key in psi.Environment.Keys.Where(k => k.StartsWith("Marketo__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("Export__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            psi.Environment.Remove(key);
        }

        // JIT and GC totals of the Host process, written at its exit by this assembly's StartupHook.
        psi.Environment["DOTNET_STARTUP_HOOKS"] = typeof(StartupHook).Assembly.Location;
        psi.Environment["BENCH_RUNTIME_STATS"] = statsFile;
        long start = Stopwatch.GetTimestamp();
        using Process process = Process.Start(psi)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        double wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
        string text = (await stdout) + (await stderr);
        double? cpu = null;
        double? rss = null;
        if (timed && File.Exists(timeFile))
        {
            string[] parts = File.ReadAllText(timeFile).Trim().Split('\n')[^1].Split(' ');
            if (parts.Length == 3)
            {
                cpu = double.Parse(parts[0], CultureInfo.InvariantCulture) + double.Parse(parts[1], CultureInfo.InvariantCulture);
                rss = double.Parse(parts[2], CultureInfo.InvariantCulture) / 1024;
            }

            File.Delete(timeFile);
        }

        return new RunResult(wall, process.ExitCode, cpu, rss, text, RuntimeStats.Read(statsFile));
    }

    private static int CountCsv(string dir)
        => Directory.Exists(Path.Combine(dir, "landing")) ? Directory.EnumerateFiles(Path.Combine(dir, "landing"), "*.csv", SearchOption.AllDirectories).Count() : 0;

    private static string GitCommit(string dir)
    {
        try
        {
            var psi = new ProcessStartInfo("git", ["-C", dir, "rev-parse", "--short", "HEAD"]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using Process git = Process.Start(psi)!;
            string sha = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? sha : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown";
        }
    }

    private static double Median(double[] values)
    {
        double[] v = [.. values.Order()];
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }
}
