using System.Net;
using System.Text.Json;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Http;
using MarketoExport.Marketo.Serialization;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.Http;

public sealed class MarketoResponseReaderTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("606", typeof(MarketoThrottledException), true)]
    [InlineData("615", typeof(MarketoThrottledException), true)]
    [InlineData("604", typeof(MarketoApiException), true)]
    [InlineData("608", typeof(MarketoApiException), true)]
    [InlineData("611", typeof(MarketoApiException), true)]
    [InlineData("713", typeof(MarketoApiException), true)]
    [InlineData("502", typeof(MarketoApiException), true)]
    [InlineData("607", typeof(MarketoDailyQuotaExceededException), false)]
    [InlineData("1035", typeof(MarketoUnsupportedFilterException), false)]
    [InlineData("603", typeof(MarketoApiException), false)]
    [InlineData("609", typeof(MarketoApiException), false)]
    [InlineData("610", typeof(MarketoApiException), false)]
    [InlineData("1003", typeof(MarketoApiException), false)]
    [InlineData("601", typeof(MarketoApiException), false)]
    public void CreateApiException_Code_MapsToTypeAndRetryability(string code, Type expectedType, bool retryable)
    {
        var sut = MarketoResponseReader.CreateApiException(code, "msg", "req#1", "GET /x", Now);

        Assert.IsType(expectedType, sut);
        Assert.Equal(code, sut.Code.Value);
        Assert.Equal("req#1", sut.RequestId);
        Assert.Equal(retryable, sut.IsRetryable);
        Assert.Contains(code, sut.Message, StringComparison.Ordinal);
        Assert.Equal(retryable, MarketoRetryPipeline.IsTransient(sut));
    }

    [Theory]
    [InlineData("Export daily quota 500MB exceeded.", typeof(MarketoExportQuotaExceededException), false)]
    [InlineData("Too many jobs in queue", typeof(MarketoExportQueueFullException), true)]
    [InlineData("Job already queued", typeof(MarketoApiException), false)]
    public void CreateApiException_1029_DistinguishesQuotaQueueAndAlreadyQueued(string message, Type expectedType, bool retryable)
    {
        var sut = MarketoResponseReader.CreateApiException("1029", message, null, "POST /x", Now);

        Assert.IsType(expectedType, sut);
        Assert.Equal(retryable, sut.IsRetryable);
        Assert.False(MarketoRetryPipeline.IsTransient(sut));
    }

    [Fact]
    public void CreateApiException_603_AccessDeniedNamesThePermissionNotRetryable()
    {
        var sut = MarketoResponseReader.CreateApiException("603", "Access denied", "req#9", "GET /rest/v1/leads/describe2.json", Now);

        Assert.Equal(typeof(MarketoApiException), sut.GetType());
        Assert.Equal(MarketoErrorCode.AccessDenied, sut.Code);
        Assert.False(sut.IsRetryable);
        Assert.Contains("Access denied", sut.Message, StringComparison.Ordinal);
        Assert.Contains("permission", sut.Message, StringComparison.Ordinal);
        Assert.Contains("/rest/v1/leads/describe2.json", sut.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateApiException_607_ResetsAtNextMidnightChicago()
    {
        // 2026-03-02 12:00Z is 06:00 CST; the next midnight is 2026-03-03 00:00 -06:00.
        var sut = (MarketoDailyQuotaExceededException)MarketoResponseReader.CreateApiException("607", "quota", null, "GET /x", Now);

        Assert.Equal(new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.FromHours(-6)), sut.ResetsAt);
    }

    [Fact]
    public void CreateApiException_QuotaInSummer_UsesDaylightSavingOffset()
    {
        var july = new DateTimeOffset(2026, 7, 10, 4, 0, 0, TimeSpan.Zero); // 23:00 CDT on July 9

        var sut = (MarketoExportQuotaExceededException)MarketoResponseReader.CreateApiException("1029", "Export daily quota 500MB exceeded.", null, "POST /x", july);

        Assert.Equal(new DateTimeOffset(2026, 7, 10, 0, 0, 0, TimeSpan.FromHours(-5)), sut.ResetsAt);
    }

    [Fact]
    public async Task ReadEnvelopeAsync_WarningsAsStringsAndObjects_Parses()
    {
        using var response = StubHttpMessageHandler.Json("""{"requestId":"a#1","success":true,"result":[],"warnings":["No assets found",{"code":1003,"message":"odd"}]}""");

        var sut = await MarketoResponseReader.ReadEnvelopeAsync(response, MarketoJsonContext.Default.MarketoEnvelopeJsonElement, Now, default);

        Assert.Equal(2, sut.Warnings!.Count);
        Assert.Equal("No assets found", MarketoResponseReader.FormatWarning(sut.Warnings[0]));
        Assert.Equal("1003: odd", MarketoResponseReader.FormatWarning(sut.Warnings[1]));
    }

    [Fact]
    public async Task ReadEnvelopeAsync_NumericErrorCode_IsReadAsString()
    {
        using var response = StubHttpMessageHandler.Json("""{"requestId":"a#1","success":false,"errors":[{"code":606,"message":"Max rate limit '100' exceeded with in '20' secs"}]}""");

        var ex = await Assert.ThrowsAsync<MarketoThrottledException>(() => MarketoResponseReader.ReadEnvelopeAsync(response, MarketoJsonContext.Default.MarketoEnvelopeJsonElement, Now, default));

        Assert.Equal(MarketoErrorCode.RateLimitExceeded, ex.Code);
        Assert.Equal("a#1", ex.RequestId);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, false)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge, false)]
    [InlineData(HttpStatusCode.RequestUriTooLong, false)]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    public async Task ReadEnvelopeAsync_HttpError_ThrowsMarketoHttpException(HttpStatusCode status, bool transient)
    {
        using var response = StubHttpMessageHandler.Text("Export file not ready", status);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => MarketoResponseReader.ReadEnvelopeAsync(response, MarketoJsonContext.Default.MarketoEnvelopeJsonElement, Now, default));

        Assert.Equal((int)status, ex.StatusCode);
        Assert.Equal(transient, MarketoRetryPipeline.IsTransient(ex));
    }

    [Fact]
    public async Task ReadEnvelopeAsync_NotJson_ThrowsWithHint()
    {
        using var response = StubHttpMessageHandler.Text("<html>hello</html>", HttpStatusCode.OK);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => MarketoResponseReader.ReadEnvelopeAsync(response, MarketoJsonContext.Default.MarketoEnvelopeJsonElement, Now, default));

        Assert.Contains("BaseUrl", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseStatus_BothCancelSpellings_AreCancelled()
    {
        var uri = new Uri("https://x/bulk/v1/leads/export.json");

        Assert.Equal(ExportJobStatus.Cancelled, MarketoClient.ParseStatus("Cancelled", uri));
        Assert.Equal(ExportJobStatus.Cancelled, MarketoClient.ParseStatus("Canceled", uri));
        Assert.Equal(ExportJobStatus.Completed, MarketoClient.ParseStatus("completed", uri));
        Assert.Throws<MarketoHttpException>(() => MarketoClient.ParseStatus("Exploded", uri));
    }

    [Fact]
    public void ExportJobDto_NullFieldsOmitted_Deserializes()
    {
        var dto = JsonSerializer.Deserialize(
            """{"requestId":"r","success":true,"result":[{"exportId":"e1","format":"CSV","status":"Created","createdAt":"2017-01-21T11:47:30-08:00"}]}""",
            MarketoJsonContext.Default.MarketoEnvelopeExportJobDto)!;

        var job = MarketoClient.ToJob(dto.Result![0], new Uri("https://x/"));

        Assert.Equal(ExportJobStatus.Created, job.Status);
        Assert.Equal(new DateTimeOffset(2017, 1, 21, 19, 47, 30, TimeSpan.Zero), job.CreatedAt.ToUniversalTime());
        Assert.Null(job.QueuedAt);
        Assert.Null(job.FileSize);
    }

    [Fact]
    public void ExportJobDto_LegacyOffsetWithoutColon_Deserializes()
    {
        var dto = JsonSerializer.Deserialize(
            """{"success":true,"result":[{"exportId":"e1","format":"CSV","status":"Completed","createdAt":"2013-09-26T06:56:35+0000","fileSize":10}]}""",
            MarketoJsonContext.Default.MarketoEnvelopeExportJobDto)!;

        Assert.Equal(new DateTimeOffset(2013, 9, 26, 6, 56, 35, TimeSpan.Zero), dto.Result![0].CreatedAt);
    }
}
