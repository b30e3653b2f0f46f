using System.Diagnostics;
using System.Globalization;
using MarketoExport.Activities;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Bench.Export;

/// <summary>
/// <c>land BASE-URL EXPORT-ID OUT-DIR WINDOW-START WINDOW-END</c>: lands one Completed activities export through
/// the real <see cref="DownloadExportFileActivity"/> (stream, SHA-256, record count, temp name, atomic rename,
/// manifest) and prints <c>RESULT bytes seconds vmhwmKb records cpuSeconds</c> (CPU of the whole process). Runs alone in its process so VmHWM is the
/// exporter's own peak.
/// </summary>
internal static class LandChild
{
    public const string ReadyPrefix = "RESULT ";

    public static async Task<int> RunAsync(string[] args)
    {
        var baseUrl = new Uri(args[0]);
        string exportId = args[1];
        string outDir = args[2];
        var window = new ExportWindow(
            DateTime.Parse(args[3], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
            DateTime.Parse(args[4], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal));
        await using ServiceProvider services = BenchServices.Build(baseUrl, outDir, TimeProvider.System, compressedClock: false);
        var exportObject = new ExportObject(ExportObjectKind.Activities);

        var status = ActivatorUtilities.CreateInstance<GetExportJobStatusActivity>(services);
        ExportJobState job = await status.RunAsync(new ExportJobRef(exportObject, exportId), CancellationToken.None);
        if (job.Phase != ExportJobPhase.Completed)
        {
            Console.Error.WriteLine($"export {exportId} is {job.Phase}, not Completed");
            return 1;
        }

        var download = ActivatorUtilities.CreateInstance<DownloadExportFileActivity>(services);
        long start = Stopwatch.GetTimestamp();
        LandedFile file = await download.RunAsync(new DownloadExportFileRequest(exportObject, window, job), CancellationToken.None);
        double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
        long hwm = Machine.ReadStatusKb(Environment.ProcessId, "VmHWM:") ?? -1;
        double cpu = Process.GetCurrentProcess().TotalProcessorTime.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{ReadyPrefix}{file.Bytes} {seconds:F3} {hwm} {file.Records} {cpu:F3}"));
        return 0;
    }
}
