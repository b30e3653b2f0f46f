using System.Globalization;
using Azure.Storage.Blobs;
using MarketoExport.Activities.Landing;
using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Activities.Tests.Child;

/// <summary>
/// The test assembly run as a program, <c>dotnet MarketoExport.Activities.Tests.dll download --key=value …</c>: one
/// execution of the download activity in a process of its own, against a simulator the test runs on loopback, so a
/// test can kill it with SIGKILL mid-file. It prints <c>begin &lt;resumed bytes&gt;</c> once the upload is open,
/// <c>written &lt;bytes&gt;</c> after every write to the sink, and <c>landed &lt;sha256&gt;</c> at the end.
/// (The test project sets GenerateProgramFile=false so that this is its entry point; the test runner never calls it.)
/// </summary>
internal static class DownloadChild
{
    public const string Verb = "download";

    public static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || args[0] != Verb)
        {
            await Console.Error.WriteLineAsync($"usage: dotnet MarketoExport.Activities.Tests.dll {Verb} --base-url=… --client-id=… --client-secret=… "
                + "--sink=folder --folder=… | --sink=blob --connection-string=… --container=… --block-size=… "
                + "--object=Activities --window-start=ISO --window-end=ISO --export-id=… --file-size=N --checksum=… --records=N");
            return 2;
        }

        Dictionary<string, string> a = args.Skip(1)
            .Select(arg => arg.Split('=', 2))
            .ToDictionary(p => p[0].TrimStart('-'), p => p.Length > 1 ? p[1] : string.Empty, StringComparer.Ordinal);

        var services = new ServiceCollection();
        services.AddLogging();
        services.AddMarketoClient(o =>
        {
            o.BaseUrl = a["base-url"];
            o.ClientId = a["client-id"];
            o.ClientSecret = a["client-secret"];
            o.RetryBaseDelay = TimeSpan.FromMilliseconds(10);
            o.RetryMaxDelay = TimeSpan.FromMilliseconds(50);
        });
        string folder = a.GetValueOrDefault("folder") ?? Path.GetTempPath();
        services.AddExportActivities(folder);
        ILandingSink sink = a["sink"] switch
        {
            "folder" => new LocalFolderSink(folder),
            "blob" => new BlobStorageSink(
                new BlobContainerClient(a["connection-string"], a["container"]), blockSize: int.Parse(a["block-size"], CultureInfo.InvariantCulture)),
            string other => throw new ArgumentException($"--sink={other}: folder or blob"),
        };
        services.AddSingleton<ILandingSink>(new ProgressReportingSink(sink, Console.Out));
        await using ServiceProvider provider = services.BuildServiceProvider();

        var window = new ExportWindow(Utc(a["window-start"]), Utc(a["window-end"]));
        var job = new ExportJobState(a["export-id"], ExportJobPhase.Completed)
        {
            FileSize = long.Parse(a["file-size"], CultureInfo.InvariantCulture),
            FileChecksum = a["checksum"],
            NumberOfRecords = long.Parse(a["records"], CultureInfo.InvariantCulture),
        };
        var request = new DownloadExportFileRequest(new ExportObject(Enum.Parse<ExportObjectKind>(a["object"])), window, job);
        DownloadExportFileActivity activity = ActivatorUtilities.CreateInstance<DownloadExportFileActivity>(provider);

        LandedFile landed = await activity.RunAsync(request, CancellationToken.None);

        await Console.Out.WriteLineAsync("landed " + landed.Sha256);
        return 0;
    }

    private static DateTime Utc(string iso)
        => DateTime.Parse(iso, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
}
