using MarketoExport.Activities.Landing;
using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities.Tests;

public sealed class ContractTests
{
    [Fact]
    public void ActivityNames_MatchTheActivityClasses()
    {
        Assert.Equal(ExportActivities.OrchestratorNames, ExportActivities.All.Select(a => a.Name));
        Assert.Equal(nameof(DownloadExportFileActivity), ActivityNames.DownloadExportFile);
    }

    [Fact]
    public void MarketoFailures_ClassifiesTheClientsExceptionTypes()
    {
        TaskFailureDetails throttled = TaskFailureDetails.FromException(new MarketoThrottledException(MarketoErrorCode.RateLimitExceeded, "606", null));
        TaskFailureDetails queueFull = TaskFailureDetails.FromException(new MarketoExportQueueFullException("Too many jobs in queue", null));
        TaskFailureDetails exportQuota = TaskFailureDetails.FromException(new MarketoExportQuotaExceededException("quota", null, DateTimeOffset.UnixEpoch));
        TaskFailureDetails callQuota = TaskFailureDetails.FromException(new MarketoDailyQuotaExceededException("607", null, DateTimeOffset.UnixEpoch));
        TaskFailureDetails store = TaskFailureDetails.FromException(new CheckpointStoreException("missing", new MarketoApiException(MarketoErrorCode.RateLimitExceeded, "x", null, true)));

        Assert.True(MarketoFailures.IsCausedBy<MarketoApiException>(throttled));
        Assert.True(MarketoFailures.IsTransient(throttled));
        Assert.False(MarketoFailures.IsTransient(queueFull));
        Assert.True(MarketoFailures.IsQuota(exportQuota));
        Assert.True(MarketoFailures.IsQuota(callQuota));
        Assert.False(MarketoFailures.IsTransient(exportQuota));
        Assert.False(MarketoFailures.IsQuota(throttled));
        Assert.False(MarketoFailures.IsTransient(store)); // permanent even though it wraps a retryable API error
    }

    [Fact]
    public void MarketoFailures_UnreachableWithFrameworkInnerExceptions_IsClassifiedWithoutThrowing()
    {
        // HttpRequestException and SocketException names are ambiguous across loaded assemblies for the SDK's resolver.
        var cause = new MarketoUnreachableException("connection refused",
            new HttpRequestException("refused", new System.Net.Sockets.SocketException(111)));
        TaskFailureDetails details = TaskFailureDetails.FromException(cause);

        Assert.True(MarketoFailures.NeedsAlert(details));
        Assert.True(MarketoFailures.IsTransient(details));
        Assert.False(MarketoFailures.IsCausedBy<CheckpointStoreException>(details));
    }

    [Fact]
    public void MarketoFailures_ActivityFailureWrappedByASubOrchestration_IsClassifiedByItsInnerCause()
    {
        TaskFailureDetails activity = TaskFailureDetails.FromException(new MarketoUnreachableException("connection refused"));
        var child = new TaskFailureDetails(typeof(TaskFailedException).FullName!, "Task 'ReadCheckpointActivity' (#0) failed with an unhandled exception: connection refused", null, activity, null);

        Assert.False(child.IsCausedBy<MarketoUnreachableException>()); // the SDK's own check looks at the outer type only
        Assert.True(MarketoFailures.NeedsAlert(child));
        Assert.True(MarketoFailures.IsTransient(child));
        Assert.Equal("connection refused", MarketoFailures.Message(child));
    }

    [Theory]
    [InlineData("a,b\n1,2\n3,4\n", 2)]
    [InlineData("a,b\n1,2\n3,4", 2)]
    [InlineData("a,b\r\n1,\"x\r\ny\"\r\n3,\"say \"\"hi\"\"\"\r\n", 2)]
    [InlineData("a,b\n", 0)]
    [InlineData("", 0)]
    [InlineData("a\n\"multi\nline\nvalue\"\n", 1)]
    public void CsvRecordCounter_CountsRecordsNotLines(string csv, long expected)
    {
        var sut = new CsvRecordCounter();
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(csv);

        // Fed in 3-byte chunks to cross quote and newline boundaries.
        for (int i = 0; i < bytes.Length; i += 3)
        {
            sut.Append(bytes.AsSpan(i, Math.Min(3, bytes.Length - i)));
        }

        Assert.Equal(expected, sut.DataRecords);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void CsvRecordCounter_RandomInputInRandomChunks_AgreesWithAByteByByteCount(int seed)
    {
        var rng = new Random(seed);
        byte[] alphabet = "ab,\"\n\r"u8.ToArray();
        byte[] bytes = new byte[20_000];
        for (int i = 0; i < bytes.Length; i++)
        {
            bytes[i] = alphabet[rng.Next(alphabet.Length)];
        }

        var sut = new CsvRecordCounter();
        for (int at = 0; at < bytes.Length;)
        {
            int n = Math.Min(rng.Next(1, 200), bytes.Length - at);
            sut.Append(bytes.AsSpan(at, n));
            at += n;
        }

        Assert.Equal(ReferenceCount(bytes), sut.DataRecords);
    }

    // The counting rule, one byte at a time: a newline outside quotes ends a line, which counts if it had any byte
    // other than CR; the first line is the header.
    private static long ReferenceCount(byte[] bytes)
    {
        bool inQuotes = false;
        bool hasData = false;
        long lines = 0;
        foreach (byte b in bytes)
        {
            if (b == (byte)'"')
            {
                inQuotes = !inQuotes;
                hasData = true;
            }
            else if (b == (byte)'\n' && !inQuotes)
            {
                lines += hasData ? 1 : 0;
                hasData = false;
            }
            else if (b != (byte)'\r')
            {
                hasData = true;
            }
        }

        return Math.Max(0, lines + (hasData ? 1 : 0) - 1);
    }

    [Fact]
    public void LandingNames_CustomObjectWithOddCharacters_StaysInsideItsFolder()
    {
        var window = new ExportWindow(new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc), new DateTime(2026, 1, 31, 23, 59, 59, DateTimeKind.Utc));

        string name = LandingNames.For(new ExportObject(ExportObjectKind.CustomObject, "..\\c:\\x/y"), window);

        Assert.Equal("___c__x_y/___c__x_y_20260101T000000Z_20260131T235959Z.csv", name);
    }

    [Fact]
    public async Task LocalFolderSink_DiscardedUpload_LeavesNoFile()
    {
        string root = Path.Combine(Path.GetTempPath(), "mde-sink-" + Guid.NewGuid().ToString("N"));
        using var sut = new LocalFolderSink(root);
        try
        {
            await using (ILandingUpload upload = await sut.BeginAsync("leads/x.csv", new LandingResumeKey("exp-1", null, null), default))
            {
                await upload.WriteAsync("a,b\n"u8.ToArray(), default);
                await upload.DiscardAsync(default);
            }

            Assert.Empty(Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories));
            await Assert.ThrowsAsync<ArgumentException>(() => sut.BeginAsync("../escape.csv", new LandingResumeKey("exp-1", null, null), default));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [Fact]
    public void MarketoFailures_InterruptedDownload_IsTransientSoTheNextAttemptResumes()
    {
        TaskFailureDetails budget = TaskFailureDetails.FromException(new DownloadBudgetExceededException("budget reached at byte 42"));
        TaskFailureDetails cutTooOften = TaskFailureDetails.FromException(new IOException("download cut 6 times"));
        TaskFailureDetails missing = TaskFailureDetails.FromException(new ExportFileMissingException("gone", new IOException("x")));
        TaskFailureDetails verification = TaskFailureDetails.FromException(new ExportFileVerificationException("sha256 differs"));

        Assert.True(MarketoFailures.IsTransient(budget));
        Assert.True(MarketoFailures.IsTransient(cutTooOften));
        Assert.False(MarketoFailures.IsTransient(missing)); // permanent even though it wraps an IOException
        Assert.False(MarketoFailures.IsTransient(verification));
    }
}
