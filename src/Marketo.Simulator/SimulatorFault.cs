namespace MarketoExport.Marketo.Simulator;

/// <summary>
/// One injected fault. A fault applies to calls whose path contains <see cref="PathContains"/> (any call when
/// null), at most <see cref="Count"/> times (unlimited when null), each time with <see cref="Probability"/>
/// (always when null; drawn from a generator seeded by <see cref="SimulatorOptions.Seed"/>).
/// </summary>
public sealed record SimulatorFault
{
    /// <summary>Identifier assigned when the fault is added.</summary>
    public string? Id { get; init; }

    /// <summary>What the fault does.</summary>
    public SimulatorFaultKind Kind { get; init; }

    /// <summary>Only calls whose path contains this text (ordinal, case-insensitive). Null: any path.</summary>
    public string? PathContains { get; init; }

    /// <summary>How many times the fault fires before it is removed. Null: until cleared.</summary>
    public int? Count { get; init; }

    /// <summary>Chance (0..1) that a matching call is affected. Null: always.</summary>
    public double? Probability { get; init; }

    /// <summary>Marketo error code for <see cref="SimulatorFaultKind.ErrorCode"/> and <see cref="SimulatorFaultKind.RejectCustomObjectRecord"/>.</summary>
    public string? Code { get; init; }

    /// <summary>Message to send with <see cref="Code"/>, or the Failed job's <c>errorMsg</c>. Null: Marketo's usual text.</summary>
    public string? Message { get; init; }

    /// <summary>HTTP status for <see cref="SimulatorFaultKind.HttpStatus"/>.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Bytes sent before the cut for <see cref="SimulatorFaultKind.CutDownload"/>.</summary>
    public long? AfterBytes { get; init; }

    /// <summary>Extra processing ticks for <see cref="SimulatorFaultKind.SlowQueue"/>.</summary>
    public int? ExtraTicks { get; init; }

    /// <summary>Target export job for job faults. Null: the next job(s).</summary>
    public string? ExportId { get; init; }

    /// <summary>Target custom object type for custom-object faults. Null: any.</summary>
    public string? ApiName { get; init; }

    /// <summary>An error-code fault: the next <paramref name="count"/> matching calls fail with <paramref name="code"/>.</summary>
    public static SimulatorFault Error(string code, int? count = 1, string? pathContains = null, string? message = null) =>
        new() { Kind = SimulatorFaultKind.ErrorCode, Code = code, Count = count, PathContains = pathContains, Message = message };

    /// <summary>A bare HTTP status (e.g. 500 or 502) for the next <paramref name="count"/> matching calls.</summary>
    public static SimulatorFault Http(int statusCode, int? count = 1, string? pathContains = null) =>
        new() { Kind = SimulatorFaultKind.HttpStatus, StatusCode = statusCode, Count = count, PathContains = pathContains };

    /// <summary>Cut the next <paramref name="count"/> file downloads after <paramref name="afterBytes"/> bytes.</summary>
    public static SimulatorFault CutDownload(long afterBytes, int? count = 1) =>
        new() { Kind = SimulatorFaultKind.CutDownload, AfterBytes = afterBytes, Count = count, PathContains = "/file.json" };

    /// <summary>1029 "Too many jobs in queue" for the next <paramref name="count"/> enqueues.</summary>
    public static SimulatorFault QueueFull(int? count = 1) => Error("1029", count, "/enqueue.json", "Too many jobs in queue");
}
