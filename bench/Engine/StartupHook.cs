using System.Globalization;

#pragma warning disable CA1050 // The runtime looks a startup hook up by this exact name, in no namespace.

/// <summary>
/// A .NET startup hook (<c>DOTNET_STARTUP_HOOKS=…/MarketoExport.Bench.Engine.dll</c>) that readme-run puts into the
/// Host process it times: at exit it writes the process's JIT and GC totals to the file named by
/// <c>BENCH_RUNTIME_STATS</c>, so cold-start cost (methods compiled, time in the JIT) can be told from the run's own work.
/// </summary>
internal static class StartupHook
{
    public static void Initialize()
    {
        string? file = Environment.GetEnvironmentVariable("BENCH_RUNTIME_STATS");
        if (string.IsNullOrEmpty(file))
        {
            return;
        }

        AppDomain.CurrentDomain.ProcessExit += (_, _) => File.WriteAllText(file, string.Create(CultureInfo.InvariantCulture,
            $"{System.Runtime.JitInfo.GetCompiledMethodCount()} {System.Runtime.JitInfo.GetCompilationTime().TotalMilliseconds:F1} "
            + $"{AppDomain.CurrentDomain.GetAssemblies().Length} {GC.GetTotalAllocatedBytes()} {GC.CollectionCount(0)} {GC.GetTotalPauseDuration().TotalMilliseconds:F1}"));
    }
}
