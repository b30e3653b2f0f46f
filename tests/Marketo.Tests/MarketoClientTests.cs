using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests;

public sealed class MarketoClientTests
{
    private const string CreatedJob = """{"requestId":"r#1","success":true,"result":[{"exportId":"e-1","format":"CSV","status":"Created","createdAt":"2026-03-02T12:00:00Z"}]}""";

    private static readonly ExportJobRequest LeadRequest = new(
        ["id", "email"],
        new LeadExportFilter { CreatedAt = new ExportDateRange(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 1, 31, 0, 0, 0, TimeSpan.Zero)) });

    [Fact]
    public async Task CreateExportJobAsync_Leads_PostsJsonWithBearerHeaderOnly()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json(CreatedJob));
        using var host = new MarketoTestHost(handler, baseUrl: "https://123-ABC-456.mktorest.com/");

        var job = await host.Client.CreateExportJobAsync(ExportEntity.Leads, LeadRequest);

        Assert.Equal("e-1", job.ExportId);
        Assert.Equal(ExportJobStatus.Created, job.Status);
        var request = Assert.Single(handler.ApiRequests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://123-abc-456.mktorest.com/bulk/v1/leads/export/create.json", request.Uri.ToString());
        Assert.Equal("Bearer tok-1", request.Authorization);
        Assert.Equal("application/json", request.ContentType);
        Assert.DoesNotContain("access_token", request.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("\"createdAt\":{\"startAt\":\"2026-01-01T00:00:00Z\"", request.Body, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("enqueue.json", "POST")]
    [InlineData("status.json", "GET")]
    [InlineData("cancel.json", "POST")]
    public async Task JobCalls_CustomObject_UseApiNameInPath(string action, string method)
    {
        var handler = Api(_ => StubHttpMessageHandler.Json(CreatedJob.Replace("Created", "Canceled", StringComparison.Ordinal)));
        using var host = new MarketoTestHost(handler);
        var entity = ExportEntity.CustomObject("car_c");

        var job = action switch
        {
            "enqueue.json" => await host.Client.EnqueueExportJobAsync(entity, "e-1"),
            "status.json" => await host.Client.GetExportJobStatusAsync(entity, "e-1"),
            _ => await host.Client.CancelExportJobAsync(entity, "e-1"),
        };

        var request = Assert.Single(handler.ApiRequests);
        Assert.Equal(method, request.Method.Method);
        Assert.Equal("/bulk/v1/customobjects/car_c/export/e-1/" + action, request.Path);
        Assert.Equal(ExportJobStatus.Cancelled, job.Status);
        Assert.Null(request.Body);
    }

    [Fact]
    public async Task CreateExportJobAsync_FilterOfOtherEntity_ThrowsBeforeAnyCall()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json(CreatedJob));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => host.Client.CreateExportJobAsync(ExportEntity.Activities, LeadRequest));

        Assert.Contains(nameof(ActivityExportFilter), ex.Message, StringComparison.Ordinal);
        Assert.Empty(handler.Requests);
    }

    [Theory]
    [InlineData("601")]
    [InlineData("602")]
    public async Task Call_TokenRejected_RenewsTokenAndRetriesOnce(string code)
    {
        var apiCalls = 0;
        var tokens = 0;
        var handler = new StubHttpMessageHandler(r => r.IsIdentity
            ? StubHttpMessageHandler.Token("tok-" + Interlocked.Increment(ref tokens))
            : Interlocked.Increment(ref apiCalls) == 1 ? StubHttpMessageHandler.Error(code) : StubHttpMessageHandler.Json(CreatedJob));
        using var host = new MarketoTestHost(handler);

        var job = await host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1");

        Assert.Equal("e-1", job.ExportId);
        Assert.Equal(new[] { "Bearer tok-1", "Bearer tok-2" }, handler.ApiRequests.Select(r => r.Authorization ?? string.Empty).ToArray());
        Assert.Equal(2, handler.IdentityRequests.Count);
    }

    [Fact]
    public async Task Call_TokenRejectedTwice_ThrowsWithoutLooping()
    {
        var handler = Api(_ => StubHttpMessageHandler.Error("601", "Access token invalid"));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1"));

        Assert.Equal(MarketoErrorCode.AccessTokenInvalid, ex.Code);
        Assert.Equal(2, handler.ApiRequests.Count);
    }

    [Theory]
    [InlineData("606")]
    [InlineData("615")]
    [InlineData("604")]
    [InlineData("608")]
    [InlineData("611")]
    [InlineData("713")]
    public async Task Call_TransientCodeTwice_RetriesThenSucceeds(string code)
    {
        var n = 0;
        var handler = Api(_ => Interlocked.Increment(ref n) <= 2 ? StubHttpMessageHandler.Error(code) : StubHttpMessageHandler.Json(CreatedJob));
        using var host = new MarketoTestHost(handler);

        var job = await host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1");

        Assert.Equal("e-1", job.ExportId);
        Assert.Equal(3, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Call_Throttled_WaitsForBackoffOnTheInjectedClock()
    {
        var clock = new ObservableFakeTimeProvider();
        var n = 0;
        var handler = Api(_ => Interlocked.Increment(ref n) == 1 ? StubHttpMessageHandler.Error("606") : StubHttpMessageHandler.Json(CreatedJob));
        using var host = new MarketoTestHost(handler, o => { o.RetryBaseDelay = TimeSpan.FromSeconds(10); o.RetryMaxDelay = TimeSpan.FromSeconds(20); o.RequestTimeout = TimeSpan.FromHours(1); }, clock);

        var call = host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1");
        var backoff = await NextTimerAsync(clock, max: TimeSpan.FromSeconds(20));
        var requestsDuringBackoff = handler.ApiRequests.Count;
        clock.Advance(backoff);
        var job = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(1, requestsDuringBackoff);
        Assert.InRange(backoff, TimeSpan.FromTicks(1), TimeSpan.FromSeconds(20));
        Assert.Equal("e-1", job.ExportId);
        Assert.Equal(2, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Call_ThrottledEveryTime_ThrowsThrottledAfterRetries()
    {
        var handler = Api(_ => StubHttpMessageHandler.Error("606", "Max rate limit '100' exceeded with in '20' secs"));
        using var host = new MarketoTestHost(handler, o => o.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<MarketoThrottledException>(() => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1"));

        Assert.Equal("abc#123", ex.RequestId);
        Assert.Equal(3, handler.ApiRequests.Count);
    }

    [Theory]
    [InlineData("607", "Daily quota reached", typeof(MarketoDailyQuotaExceededException))]
    [InlineData("1029", "Export daily quota 500MB exceeded.", typeof(MarketoExportQuotaExceededException))]
    [InlineData("1029", "Too many jobs in queue", typeof(MarketoExportQueueFullException))]
    [InlineData("1035", "Unsupported filter type for target subscription", typeof(MarketoUnsupportedFilterException))]
    [InlineData("1003", "Invalid data", typeof(MarketoApiException))]
    public async Task Call_NonRetriedCode_ThrowsTypedAfterOneCall(string code, string message, Type expected)
    {
        var handler = Api(_ => StubHttpMessageHandler.Error(code, message));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAnyAsync<MarketoApiException>(() => host.Client.EnqueueExportJobAsync(ExportEntity.Leads, "e-1"));

        Assert.IsType(expected, ex);
        Assert.Single(handler.ApiRequests);
    }

    [Theory]
    [InlineData(HttpStatusCode.NotFound)]
    [InlineData(HttpStatusCode.RequestEntityTooLarge)]
    [InlineData(HttpStatusCode.RequestUriTooLong)]
    [InlineData(HttpStatusCode.Unauthorized)]
    public async Task Call_ClientHttpError_ThrowsHttpExceptionWithoutRetry(HttpStatusCode status)
    {
        var handler = Api(_ => StubHttpMessageHandler.Text("nope", status));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1"));

        Assert.Equal((int)status, ex.StatusCode);
        Assert.Single(handler.ApiRequests);
    }

    [Fact]
    public async Task Call_BadGatewayThenOk_Retries()
    {
        var n = 0;
        var handler = Api(_ => Interlocked.Increment(ref n) == 1 ? StubHttpMessageHandler.Text("bad gateway", HttpStatusCode.BadGateway) : StubHttpMessageHandler.Json(CreatedJob));
        using var host = new MarketoTestHost(handler);

        await host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1");

        Assert.Equal(2, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Call_ServerErrorEveryTime_ThrowsHttpExceptionAfterRetries()
    {
        var handler = Api(_ => StubHttpMessageHandler.Text("boom", HttpStatusCode.ServiceUnavailable));
        using var host = new MarketoTestHost(handler, o => o.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1"));

        Assert.Equal(503, ex.StatusCode);
        Assert.Equal(3, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Call_ConnectionRefused_ThrowsUnreachableAfterRetries()
    {
        var handler = new StubHttpMessageHandler(r => r.IsIdentity ? StubHttpMessageHandler.Token() : throw new HttpRequestException("Connection refused"));
        using var host = new MarketoTestHost(handler, o => o.MaxRetryAttempts = 2);

        var ex = await Assert.ThrowsAsync<MarketoUnreachableException>(() => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1"));

        Assert.Contains("3 attempts", ex.Message, StringComparison.Ordinal);
        Assert.Equal(3, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task Call_NoAnswerWithinRequestTimeout_RetriesThenThrowsUnreachable()
    {
        var clock = MarketoTestHost.NewClock();
        using var arrived = new SemaphoreSlim(0);
        var handler = new StubHttpMessageHandler(async (r, ct) =>
        {
            if (r.IsIdentity)
            {
                return StubHttpMessageHandler.Token();
            }

            arrived.Release();
            await Task.Delay(Timeout.Infinite, ct);
            throw new InvalidOperationException("unreachable");
        });
        using var host = new MarketoTestHost(handler, o => { o.MaxRetryAttempts = 1; o.RequestTimeout = TimeSpan.FromSeconds(10); }, clock);

        var call = host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1");
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(11));
        Assert.True(await arrived.WaitAsync(TimeSpan.FromSeconds(10)));
        clock.Advance(TimeSpan.FromSeconds(11));
        var ex = await Assert.ThrowsAsync<MarketoUnreachableException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("RequestTimeout", ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, handler.ApiRequests.Count);
    }

    [Fact]
    public async Task ListExportJobsAsync_TwoPages_FollowsTokenAndSendsStatusFilter()
    {
        var handler = Api(r => r.Uri.Query.Contains("nextPageToken", StringComparison.Ordinal)
            ? StubHttpMessageHandler.Json("""{"success":true,"result":[{"exportId":"e-2","format":"CSV","status":"Cancelled","createdAt":"2026-03-01T00:00:00Z"}],"moreResult":false}""")
            : StubHttpMessageHandler.Json("""{"success":true,"result":[{"exportId":"e-1","format":"CSV","status":"Completed","createdAt":"2026-03-01T00:00:00Z","fileSize":10,"numberOfRecords":2,"fileChecksum":"sha256:ab"}],"moreResult":true,"nextPageToken":"p2"}"""));
        using var host = new MarketoTestHost(handler);

        var jobs = await host.Client.ListExportJobsAsync(ExportEntity.Activities, [ExportJobStatus.Completed, ExportJobStatus.Cancelled]);

        Assert.Equal(["e-1", "e-2"], jobs.Select(j => j.ExportId).ToArray());
        Assert.Equal(10, jobs[0].FileSize);
        var first = handler.ApiRequests[0];
        Assert.Equal("/bulk/v1/activities/export.json", first.Path);
        Assert.Contains("status=Completed%2CCancelled", first.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("nextPageToken=p2", handler.ApiRequests[1].Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenExportFileAsync_Offset_SendsRangeAndStreamsTail()
    {
        var file = Encoding.ASCII.GetBytes("id,email\n1,a@x\n2,b@x\n");
        var handler = Api(r =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(file[9..]) };
            response.Content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            response.Content.Headers.ContentRange = new ContentRangeHeaderValue(9, file.Length - 1, file.Length);
            return response;
        });
        using var host = new MarketoTestHost(handler);

        await using var sut = await host.Client.OpenExportFileAsync(ExportEntity.Leads, "e-1", offset: 9);
        using var copy = new MemoryStream();
        await sut.CopyToAsync(copy);

        Assert.Equal("bytes=9-", handler.ApiRequests.Single().Range);
        Assert.Equal(file[9..], copy.ToArray());
        Assert.Equal(9, sut.Offset);
        Assert.Equal(file.Length, sut.TotalLength);
        Assert.Equal(file.Length, sut.Position);
    }

    [Fact]
    public async Task OpenExportFileAsync_ContentRangeStartsElsewhere_Throws()
    {
        var handler = Api(_ =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.PartialContent) { Content = new ByteArrayContent(new byte[10]) };
            response.Content.Headers.ContentRange = new ContentRangeHeaderValue(0, 9, 10);
            return response;
        });
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => host.Client.OpenExportFileAsync(ExportEntity.Leads, "e-1", offset: 5));

        Assert.Contains("does not start at 5", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenExportFileAsync_RangeIgnored_Throws()
    {
        var handler = Api(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(new byte[10]) });
        using var host = new MarketoTestHost(handler);

        await Assert.ThrowsAsync<MarketoHttpException>(() => host.Client.OpenExportFileAsync(ExportEntity.Leads, "e-1", offset: 5));
    }

    [Fact]
    public async Task OpenExportFileAsync_NotReady_ThrowsHttp404WithoutRetry()
    {
        var handler = Api(_ => StubHttpMessageHandler.Text("Export job is not completed", HttpStatusCode.NotFound));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => host.Client.OpenExportFileAsync(ExportEntity.Leads, "e-1"));

        Assert.Equal(404, ex.StatusCode);
        Assert.Single(handler.ApiRequests);
        Assert.Null(handler.ApiRequests[0].Range);
    }

    [Fact]
    public async Task OpenExportFileAsync_TokenExpiredEnvelope_RenewsAndGetsFile()
    {
        var n = 0;
        var tokens = 0;
        var handler = new StubHttpMessageHandler(r => r.IsIdentity
            ? StubHttpMessageHandler.Token("tok-" + Interlocked.Increment(ref tokens))
            : Interlocked.Increment(ref n) == 1 ? StubHttpMessageHandler.Error("602") : new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("a,b\n") });
        using var host = new MarketoTestHost(handler);

        await using var sut = await host.Client.OpenExportFileAsync(ExportEntity.Leads, "e-1");
        using var reader = new StreamReader(sut);

        Assert.Equal("a,b\n", await reader.ReadToEndAsync());
        Assert.Equal("Bearer tok-2", handler.ApiRequests[1].Authorization);
    }

    [Fact]
    public async Task SyncCustomObjectsAsync_Records_PostsActionAndParsesPerRecordStatus()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""
            {"success":true,"result":[{"seq":0,"marketoGUID":"g-0","status":"created"},{"seq":1,"status":"skipped","reasons":[{"code":"1004","message":"Lead not found"}]}]}
            """));
        using var host = new MarketoTestHost(handler);

        var results = await host.Client.SyncCustomObjectsAsync("car_c", [new JsonObject { ["vin"] = "V1" }, new JsonObject { ["vin"] = "V2" }], CustomObjectSyncAction.UpdateOnly);

        var request = handler.ApiRequests.Single();
        Assert.Equal("/rest/v1/customobjects/car_c.json", request.Path);
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal("updateOnly", body["action"]!.GetValue<string>());
        Assert.Equal("dedupeFields", body["dedupeBy"]!.GetValue<string>());
        Assert.Equal("V2", body["input"]![1]!["vin"]!.GetValue<string>());
        Assert.Equal(CustomObjectRecordStatus.Created, results[0].Status);
        Assert.Equal("g-0", results[0].MarketoGuid);
        Assert.Equal(CustomObjectRecordStatus.Skipped, results[1].Status);
        Assert.Equal("1004", results[1].Reasons.Single().Code.Value);
    }

    [Fact]
    public async Task SyncCustomObjectsAsync_MoreThan300_ThrowsBeforeAnyCall()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("{}"));
        using var host = new MarketoTestHost(handler);
        var records = Enumerable.Range(0, 301).Select(i => new JsonObject { ["vin"] = i }).ToList();

        await Assert.ThrowsAsync<ArgumentException>(() => host.Client.SyncCustomObjectsAsync("car_c", records));

        Assert.Empty(handler.Requests);
    }

    [Fact]
    public async Task QueryCustomObjectsAsync_CompoundKeys_PostsWithMethodOverride()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""{"success":true,"result":[{"seq":0,"marketoGUID":"g","vin":"V1"}],"moreResult":false}"""));
        using var host = new MarketoTestHost(handler);
        var query = new CustomObjectQuery("dedupeFields", []) { Input = [new JsonObject { ["vin"] = "V1", ["leadId"] = 5 }], Fields = ["vin"] };

        var page = await host.Client.QueryCustomObjectsAsync("car_c", query);

        var request = handler.ApiRequests.Single();
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("?_method=GET", request.Uri.Query);
        Assert.Equal("V1", page.Records.Single()["vin"]!.GetValue<string>());
        Assert.False(page.MoreResult);
    }

    [Fact]
    public async Task QueryCustomObjectsAsync_SimpleKeys_GetsWithQueryString()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""{"success":true,"result":[],"nextPageToken":"n"}"""));
        using var host = new MarketoTestHost(handler);

        var page = await host.Client.QueryCustomObjectsAsync("car_c", new CustomObjectQuery("vin", ["V1", "V2"]) { BatchSize = 10 });

        var request = handler.ApiRequests.Single();
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Contains("filterType=vin&filterValues=V1%2CV2", request.Uri.Query, StringComparison.Ordinal);
        Assert.Contains("batchSize=10", request.Uri.Query, StringComparison.Ordinal);
        Assert.Equal("n", page.NextPageToken);
    }

    [Fact]
    public async Task GetUsageAsync_Result_ParsesDaysAndUsers()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""{"success":true,"result":[{"date":"2026-03-02","total":12,"users":[{"userId":"api@x","count":12}]}]}"""));
        using var host = new MarketoTestHost(handler);

        var usage = await host.Client.GetUsageAsync();

        Assert.Equal("/rest/v1/stats/usage.json", handler.ApiRequests.Single().Path);
        Assert.Equal(new DateOnly(2026, 3, 2), usage.Single().Date);
        Assert.Equal(12, usage.Single().Users.Single().Count);
    }

    [Fact]
    public async Task DescribeCustomObjectTypeAsync_SchemaShape_MapsApiNameAndRelatedToObjectKey()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""
            {"success":true,"result":[{"apiName":"car_c","displayName":"Car","state":"draft","version":"draft","idField":null,"dedupeFields":[],"searchableFields":[[]],
              "relationships":[{"field":"leadId","type":"child","object":{"name":"Lead","field":"Id"}}],
              "fields":[{"name":"marketoGUID","displayName":"Marketo GUID","dataType":"string","length":36,"updateable":false,"crmManaged":false}]}]}
            """));
        using var host = new MarketoTestHost(handler);

        var sut = await host.Client.DescribeCustomObjectTypeAsync("car_c", CustomObjectTypeState.Draft);

        Assert.NotNull(sut);
        Assert.Equal("car_c", sut.Name);
        Assert.Equal("draft", sut.State);
        Assert.Equal("Lead", sut.Relationships.Single().RelatedTo!.Name);
        Assert.False(sut.Fields.Single().Updateable);
        Assert.Contains("state=draft", handler.ApiRequests.Single().Uri.Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Calls_AnyOutcome_NeverLogSecretOrToken()
    {
        var n = 0;
        var handler = Api(_ => Interlocked.Increment(ref n) switch
        {
            1 => StubHttpMessageHandler.Error("606"),
            2 => StubHttpMessageHandler.Error("601"),
            3 => StubHttpMessageHandler.Json(CreatedJob),
            _ => StubHttpMessageHandler.Error("1003"),
        });
        using var host = new MarketoTestHost(handler);

        await host.Client.CreateExportJobAsync(ExportEntity.Leads, LeadRequest);
        await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.GetExportJobStatusAsync(ExportEntity.Leads, "e-1"));

        Assert.NotEmpty(host.Logs.Lines);
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains(MarketoTestHost.Secret, StringComparison.Ordinal));
        Assert.DoesNotContain(host.Logs.Lines, l => l.Contains("tok-1", StringComparison.Ordinal));
    }

    private static async Task<TimeSpan> NextTimerAsync(ObservableFakeTimeProvider clock, TimeSpan max)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var due = await clock.Timers.ReadAsync(cts.Token);
            if (due > TimeSpan.Zero && due <= max)
            {
                return due;
            }
        }
    }

    private static StubHttpMessageHandler Api(Func<RecordedRequest, HttpResponseMessage> api) =>
        new(r => r.IsIdentity ? StubHttpMessageHandler.Token() : api(r));
}
