using MarketoExport.Orchestrations.Export;

namespace MarketoExport.Orchestrations.Tests.Export;

/// <summary>
/// Scripted stand-in for the activity layer: jobs complete after <see cref="PollsUntilComplete"/> status calls, files
/// land as long as <see cref="DownloadFailure"/> says nothing, the checkpoint lives in memory. Records every step.
/// </summary>
internal sealed class FakeMarketoActivities
{
    private int _next;

    public Dictionary<string, ExportCheckpoint> Checkpoints { get; } = [];

    public Dictionary<string, ExportJobState> Jobs { get; } = [];

    public Dictionary<string, ExportWindow> JobWindows { get; } = [];

    public List<string> Steps { get; } = [];

    public List<ExportCheckpoint> Writes { get; } = [];

    public List<CreateExportJobRequest> Creates { get; } = [];

    public int PollsUntilComplete { get; set; } = 2;

    /// <summary>What the describe activity answers for an object configured without fields.</summary>
    public IReadOnlyList<string> DescribedFields { get; set; } = ["id", "updatedAt", "industryVertical_c"];

    /// <summary>Per job id ("job-2"): status calls until Completed, overriding <see cref="PollsUntilComplete"/>.</summary>
    public Dictionary<string, int> PollsUntilCompleteOf { get; } = [];

    public long RecordsPerFile { get; set; } = 10;

    /// <summary>When set, Completed jobs report Marketo's queuedAt/finishedAt this far apart.</summary>
    public TimeSpan? ReportedDuration { get; set; }

    public long BytesPerFile { get; set; } = 1000;

    public long UsageBytes { get; set; }

    /// <summary>Called before each activity; may throw to inject a failure.</summary>
    public Func<string, object?, Exception?> Fault { get; set; } = (_, _) => null;

    /// <summary>Decides a download's failure (null: lands).</summary>
    public Func<ExportJobState, Exception?> DownloadFailure { get; set; } = _ => null;

    private readonly Dictionary<string, int> _polls = [];

    public Task<object?> HandleAsync(string name, object? input)
    {
        Steps.Add(name);
        if (Fault(name, input) is { } fault)
        {
            throw fault;
        }

        object? result = name switch
        {
            ActivityNames.DescribeExportFields => DescribedFields,
            ActivityNames.ReadCheckpoint => Checkpoints.TryGetValue((string)input!, out ExportCheckpoint? cp) ? cp : new ExportCheckpoint((string)input!),
            ActivityNames.WriteCheckpoint => Write((ExportCheckpoint)input!),
            ActivityNames.CreateExportJob => Create((CreateExportJobRequest)input!),
            ActivityNames.EnqueueExportJob => Set(((ExportJobRef)input!).ExportId, ExportJobPhase.Queued),
            ActivityNames.GetExportJobStatus => Status(((ExportJobRef)input!).ExportId),
            ActivityNames.CancelExportJob => Set(((ExportJobRef)input!).ExportId, ExportJobPhase.Cancelled),
            ActivityNames.DownloadExportFile => Download((DownloadExportFileRequest)input!),
            ActivityNames.GetExportUsage => new ExportUsage(UsageBytes),
            ActivityNames.FindCreatedExportJob => FindCreated((FindCreatedExportJobRequest)input!),
            ActivityNames.SendAlert => null,
            _ => throw new InvalidOperationException($"unknown activity {name}"),
        };
        return Task.FromResult(result);
    }

    public string AddJob(ExportWindow window, ExportJobPhase phase)
    {
        string id = $"job-{++_next}";
        Jobs[id] = Completed(id, phase);
        JobWindows[id] = window;
        return id;
    }

    private ExportJobState Completed(string id, ExportJobPhase phase) => phase == ExportJobPhase.Completed
        ? new ExportJobState(id, phase)
        {
            NumberOfRecords = RecordsPerFile,
            FileSize = BytesPerFile,
            FileChecksum = "sha256:" + new string('a', 64),
            QueuedAt = ReportedDuration is null ? null : MarketoClockBase,
            FinishedAt = ReportedDuration is { } d ? MarketoClockBase + d : null,
        }
        : new ExportJobState(id, phase);

    private static readonly DateTime MarketoClockBase = new(2026, 3, 10, 8, 0, 0, DateTimeKind.Utc);

    private object? Write(ExportCheckpoint cp)
    {
        Writes.Add(cp);
        Checkpoints[cp.ObjectName] = cp;
        return null;
    }

    private ExportJobState Create(CreateExportJobRequest request)
    {
        Creates.Add(request);
        return Jobs[AddJob(request.Window, ExportJobPhase.Created)];
    }

    private ExportJobState FindCreated(FindCreatedExportJobRequest request)
        => Jobs.Values.LastOrDefault(j => j.Phase == ExportJobPhase.Created) ?? new ExportJobState(string.Empty, ExportJobPhase.Unknown);

    private ExportJobState Set(string id, ExportJobPhase phase) => Jobs[id] = Completed(id, phase);

    private ExportJobState Status(string id)
    {
        if (!Jobs.TryGetValue(id, out ExportJobState? job))
        {
            return new ExportJobState(id, ExportJobPhase.Unknown);
        }

        if (job.Phase is ExportJobPhase.Queued or ExportJobPhase.Processing)
        {
            int polls = _polls[id] = _polls.GetValueOrDefault(id) + 1;
            job = Set(id, polls >= PollsUntilCompleteOf.GetValueOrDefault(id, PollsUntilComplete) ? ExportJobPhase.Completed : ExportJobPhase.Processing);
        }

        return job;
    }

    private LandedFile Download(DownloadExportFileRequest request)
    {
        if (DownloadFailure(request.Job) is { } failure)
        {
            throw failure;
        }

        return new LandedFile($"{request.Object.Name}/{request.Object.Name}_{ExportWindow.Compact(request.Window.Start)}_{ExportWindow.Compact(request.Window.End)}.csv",
            request.Job.NumberOfRecords ?? 0, request.Job.FileSize ?? 0, new string('a', 64));
    }
}
