using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using MarketoExport.Activities;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Bench.Export;

/// <summary>
/// Download throughput (pipeline vs curl) and the exporter's peak RSS per file size. The simulator runs in its
/// own process (<c>sim</c>), the exporter in another (<c>land</c>), curl in a third; all write to the same temp disk.
/// </summary>
internal static class DownloadBench
{
    public const double MiB = 1024 * 1024;
    private static readonly DateTime WindowStart = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime WindowEnd = new(2026, 1, 30, 23, 59, 59, DateTimeKind.Utc);
    private static readonly DateTimeOffset DataEnd = new(2026, 1, 30, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Bytes per activities CSV row, measured on a small in-process export.</summary>
    public static async Task<double> CalibrateBytesPerRowAsync()
    {
        const long rows = 20_000;
        await using SimulatorHost sim = await SimulatorHost.StartAsync(new SimulatorOptions
        {
            Activities = rows, DataStart = WindowStart, DataEnd = DataEnd, JobTickSeconds = 0.05, ExportQuotaMb = 1_000_000,
        });
        string dir = Directory.CreateTempSubdirectory("bench-cal-").FullName;
        try
        {
            await using ServiceProvider services = BenchServices.Build(sim.BaseUrl, dir, TimeProvider.System, compressedClock: false);
            ExportJobState job = await CreateAndWaitAsync(services, TimeSpan.FromMilliseconds(50));
            return (double)job.FileSize!.Value / job.NumberOfRecords!.Value;
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    public static async Task<JsonObject> RunAsync(IReadOnlyList<long> sizesMiB, long throughputSizeMiB, double bytesPerRow)
    {
        var rows = new JsonArray();
        foreach (long sizeMiB in sizesMiB)
        {
            Console.WriteLine($"download: {sizeMiB} MiB file (load {Machine.LoadAverage()})");
            rows.Add(await OneSizeAsync(sizeMiB, bytesPerRow, withSecondCurl: sizeMiB == throughputSizeMiB));
        }

        JsonObject? headline = rows.OfType<JsonObject>().FirstOrDefault(r => (long)r["targetMiB"]! == throughputSizeMiB);
        return new JsonObject
        {
            ["method"] = "simulator in its own process (50 ms job tick); one activities export per size; curl -o FILE and the "
                + "exporter child process (DownloadExportFileActivity: stream, SHA-256, record count, temp file, rename, manifest) "
                + "fetch the same file from it in the same run; files written to the same temp folder and deleted after. "
                + "MiB = 1,048,576 bytes. Peak RSS = VmHWM of the exporter child from /proc/self/status after landing "
                + "(the parent also sampled /proc/<pid>/status while it ran).",
            ["bytesPerRow"] = Math.Round(bytesPerRow, 1),
            ["throughputFileMiB"] = throughputSizeMiB,
            ["pipelineMiBps"] = headline?["pipelineMiBps"]?.DeepClone(),
            ["curlMiBps"] = headline?["curlMiBps"]?.DeepClone(),
            ["ratio"] = headline?["ratio"]?.DeepClone(),
            ["pipelineCpuSecondsPerGiB"] = headline?["pipelineCpuSecondsPerGiB"]?.DeepClone(),
            ["maxPeakRssMiB"] = rows.OfType<JsonObject>().Max(r => (double?)r["peakRssMiB"]),
            ["sizes"] = rows,
        };
    }

    private static async Task<JsonObject> OneSizeAsync(long sizeMiB, double bytesPerRow, bool withSecondCurl)
    {
        long activities = (long)Math.Ceiling(sizeMiB * MiB / bytesPerRow);
        await using ChildProcess sim = ChildProcess.Start(
            ["sim", activities.ToString(CultureInfo.InvariantCulture), WindowStart.ToString("O"), DataEnd.ToString("O")], SimulatorChild.ReadyPrefix);
        var baseUrl = new Uri(await sim.WaitReadyAsync(TimeSpan.FromMinutes(2)));
        string dir = Directory.CreateTempSubdirectory("bench-dl-").FullName;
        try
        {
            await using ServiceProvider services = BenchServices.Build(baseUrl, dir, TimeProvider.System, compressedClock: false);
            long t0 = Stopwatch.GetTimestamp();
            ExportJobState job = await CreateAndWaitAsync(services, TimeSpan.FromMilliseconds(250));
            double prepare = Stopwatch.GetElapsedTime(t0).TotalSeconds;
            long size = job.FileSize!.Value;
            Console.WriteLine($"  export {job.ExportId}: {size / MiB:F0} MiB, {job.NumberOfRecords} rows, simulator prepared it in {prepare:F1} s");

            (double curlSeconds1, long curlBytes) = await CurlAsync(baseUrl, job.ExportId, dir);
            Console.WriteLine($"  curl: {curlBytes / MiB / curlSeconds1:F1} MiB/s");
            (double seconds, double rss, double sampledRss, double cpu) = await LandAsync(baseUrl, job.ExportId, dir);
            Console.WriteLine($"  pipeline: {size / MiB / seconds:F1} MiB/s, peak RSS {rss:F1} MiB");
            double curlSeconds = curlSeconds1;
            double? curlSeconds2 = null;
            if (withSecondCurl)
            {
                (double s2, _) = await CurlAsync(baseUrl, job.ExportId, dir);
                curlSeconds2 = s2;
                curlSeconds = (curlSeconds1 + s2) / 2;
                Console.WriteLine($"  curl again: {curlBytes / MiB / s2:F1} MiB/s");
            }

            if (curlBytes != size)
            {
                throw new InvalidOperationException($"curl fetched {curlBytes} bytes, the job says {size}");
            }

            double pipelineMiBps = size / MiB / seconds;
            double curlMiBps = size / MiB / curlSeconds;
            return new JsonObject
            {
                ["targetMiB"] = sizeMiB,
                ["fileBytes"] = size,
                ["records"] = job.NumberOfRecords,
                ["pipelineSeconds"] = Math.Round(seconds, 3),
                ["pipelineMiBps"] = Math.Round(pipelineMiBps, 1),
                ["curlSeconds"] = Math.Round(curlSeconds1, 3),
                ["curlSecondsSecondRun"] = curlSeconds2 is { } c2 ? Math.Round(c2, 3) : null,
                ["curlMiBps"] = Math.Round(curlMiBps, 1),
                ["ratio"] = Math.Round(pipelineMiBps / curlMiBps, 3),
                ["peakRssMiB"] = Math.Round(rss, 1),
                ["pipelineCpuSeconds"] = Math.Round(cpu, 2),
                ["pipelineCpuSecondsPerGiB"] = Math.Round(cpu / (size / MiB / 1024), 2),
                ["peakRssSampledByParentMiB"] = Math.Round(sampledRss, 1),
                ["loadAverage"] = Machine.LoadAverage(),
            };
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static async Task<ExportJobState> CreateAndWaitAsync(IServiceProvider services, TimeSpan poll)
    {
        var exportObject = new ExportObject(ExportObjectKind.Activities);
        ExportJobState job = await ActivatorUtilities.CreateInstance<CreateExportJobActivity>(services).RunAsync(
            new CreateExportJobRequest(exportObject, new ExportWindow(WindowStart, WindowEnd), DateFilterField.CreatedAt), deliveryAttempt: 1, CancellationToken.None);
        await ActivatorUtilities.CreateInstance<EnqueueExportJobActivity>(services).RunAsync(new ExportJobRef(exportObject, job.ExportId), CancellationToken.None);
        var status = ActivatorUtilities.CreateInstance<GetExportJobStatusActivity>(services);
        while (true)
        {
            await Task.Delay(poll);
            job = await status.RunAsync(new ExportJobRef(exportObject, job.ExportId), CancellationToken.None);
            if (job.IsTerminal)
            {
                return job.Phase == ExportJobPhase.Completed ? job : throw new InvalidOperationException($"export {job.ExportId} ended {job.Phase}");
            }
        }
    }

    private static async Task<string> TokenAsync(Uri baseUrl)
    {
        var defaults = new SimulatorOptions();
        using var http = new HttpClient();
        string body = await http.GetStringAsync(new Uri(baseUrl,
            $"identity/oauth/token?grant_type=client_credentials&client_id={Uri.EscapeDataString(defaults.ClientId)}&client_secret={Uri.EscapeDataString(defaults.ClientSecret)}"));
        return JsonNode.Parse(body)!["access_token"]!.GetValue<string>();
    }

    private static async Task<(double Seconds, long Bytes)> CurlAsync(Uri baseUrl, string exportId, string dir)
    {
        string token = await TokenAsync(baseUrl);
        string target = Path.Combine(dir, "curl.csv");
        var psi = new ProcessStartInfo("curl")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (string a in new[] { "-sS", "--fail", "-o", target, "-H", "@-", "-w", "%{size_download} %{time_total}", new Uri(baseUrl, $"bulk/v1/activities/export/{exportId}/file.json").ToString() })
        {
            psi.ArgumentList.Add(a);
        }

        using Process curl = Process.Start(psi)!;
        // The header goes through stdin so the token is not on a command line.
        await curl.StandardInput.WriteLineAsync("Authorization: Bearer " + token);
        curl.StandardInput.Close();
        string output = await curl.StandardOutput.ReadToEndAsync();
        await curl.WaitForExitAsync();
        if (curl.ExitCode != 0)
        {
            throw new InvalidOperationException($"curl exited with {curl.ExitCode}");
        }

        File.Delete(target);
        string[] parts = output.Trim().Split(' ');
        return (double.Parse(parts[1], CultureInfo.InvariantCulture), (long)double.Parse(parts[0], CultureInfo.InvariantCulture));
    }

    private static async Task<(double Seconds, double PeakRssMiB, double SampledMiB, double CpuSeconds)> LandAsync(Uri baseUrl, string exportId, string dir)
    {
        string outDir = Path.Combine(dir, "landing");
        await using ChildProcess land = ChildProcess.Start(
            ["land", baseUrl.ToString(), exportId, outDir, WindowStart.ToString("O"), WindowEnd.ToString("O")], LandChild.ReadyPrefix);
        double sampled = 0;
        Task<string> ready = land.WaitReadyAsync(TimeSpan.FromMinutes(30));
        while (!ready.IsCompleted)
        {
            sampled = Math.Max(sampled, Machine.PeakRssMb(land.Id) ?? 0);
            await Task.WhenAny(ready, Task.Delay(200));
        }

        string[] parts = (await ready).Split(' ');
        await land.WaitForExitAsync();
        Directory.Delete(outDir, recursive: true);
        double seconds = double.Parse(parts[1], CultureInfo.InvariantCulture);
        double rss = long.Parse(parts[2], CultureInfo.InvariantCulture) / 1024.0;
        return (seconds, rss, sampled, double.Parse(parts[4], CultureInfo.InvariantCulture));
    }
}
