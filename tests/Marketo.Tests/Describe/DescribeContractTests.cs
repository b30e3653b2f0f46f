using System.Text;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Simulator;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.Describe;

public sealed class DescribeContractTests
{
    private static readonly ExportDateRange FirstMonth = new(
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero));

    [Fact]
    public async Task DescribeLeadFieldsAsync_Simulator_ReturnsStandardAndCustomFieldsWithTypes()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        var sut = await sim.Client.DescribeLeadFieldsAsync();

        var byName = sut.Fields.ToDictionary(f => f.Name);
        Assert.Equal("API Lead", sut.Name);
        Assert.Contains(sut.SearchableFields, g => g.SequenceEqual(["email"]));
        Assert.Equal("integer", byName["id"].DataType);
        Assert.False(byName["id"].Updateable);
        Assert.Equal(255, byName["email"].Length);
        Assert.Equal("score", byName["engagementScore_c"].DataType);
        Assert.Equal("Industry Vertical", byName["industryVertical_c"].DisplayName);
        Assert.True(byName["sfdcAccountId"].CrmManaged);
        Assert.True(sut.Fields.Count > 7, "more than the exporter's old fixed list");
    }

    [Fact]
    public async Task DescribeLeadFieldsAsync_EveryDescribedField_ExportsInOneJobWithOneColumnEach()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var described = await sim.Client.DescribeLeadFieldsAsync();
        var fields = described.Fields.Select(f => f.Name).ToList();

        var created = await sim.Client.CreateExportJobAsync(ExportEntity.Leads, new ExportJobRequest(fields, new LeadExportFilter { CreatedAt = FirstMonth }));
        await sim.Client.EnqueueExportJobAsync(ExportEntity.Leads, created.ExportId);
        var done = await sim.RunToEndAsync(ExportEntity.Leads, created.ExportId);
        var bytes = await sim.DownloadAsync(ExportEntity.Leads, created.ExportId);

        Assert.Equal(ExportJobStatus.Completed, done.Status);
        Assert.True(done.NumberOfRecords > 0);
        Assert.Equal(fields, Header(bytes));
        using var stream = new MemoryStream(bytes);
        Assert.True(ExportFileChecksum.Matches(done.FileChecksum, await ExportFileChecksum.ComputeAsync(stream)));
    }

    [Fact]
    public async Task DescribeProgramMemberFieldsAsync_MemberAndLeadFields_ExportInOneJob()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        var member = await sim.Client.DescribeProgramMemberFieldsAsync();
        var lead = await sim.Client.DescribeLeadFieldsAsync();
        var fields = member.Fields.Select(f => f.Name)
            .Concat(lead.Fields.Select(f => f.Name).Where(n => !member.Fields.Any(m => m.Name == n)))
            .ToList();

        var created = await sim.Client.CreateExportJobAsync(ExportEntity.ProgramMembers, new ExportJobRequest(fields, new ProgramMemberExportFilter { ProgramId = 1001 }));
        await sim.Client.EnqueueExportJobAsync(ExportEntity.ProgramMembers, created.ExportId);
        var done = await sim.RunToEndAsync(ExportEntity.ProgramMembers, created.ExportId);
        var bytes = await sim.DownloadAsync(ExportEntity.ProgramMembers, created.ExportId);

        Assert.Equal("API Program Membership", member.Name);
        Assert.Equal(["leadId", "programId"], member.DedupeFields);
        Assert.Contains(member.Fields, f => f.Name == "webinarUrl" && f.Updateable);
        Assert.Equal(ExportJobStatus.Completed, done.Status);
        Assert.True(done.NumberOfRecords > 0);
        Assert.Equal(fields, Header(bytes));
    }

    [Fact]
    public async Task CreateExportJobAsync_UndescribedLeadField_ThrowsInvalidDataNamingIt()
    {
        await using var sim = await SimulatorFixture.StartAsync();

        var ex = await Assert.ThrowsAsync<MarketoApiException>(() => sim.Client.CreateExportJobAsync(
            ExportEntity.Leads, new ExportJobRequest(["id", "notAField_c"], new LeadExportFilter { CreatedAt = FirstMonth })));

        Assert.Equal(MarketoErrorCode.InvalidData, ex.Code);
        Assert.Contains("notAField_c", ex.Message, StringComparison.Ordinal);
        Assert.False(ex.IsRetryable);
    }

    [Theory]
    [InlineData("lead")]
    [InlineData("member")]
    public async Task Describe_LeadPermissionDenied_ThrowsAccessDeniedWithoutRetry(string which)
    {
        await using var sim = await SimulatorFixture.StartAsync(o => o.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.Lead);
        sim.Control.ResetCounters();

        var ex = await Assert.ThrowsAsync<MarketoApiException>(() => which == "lead" ? sim.Client.DescribeLeadFieldsAsync() : sim.Client.DescribeProgramMemberFieldsAsync());

        Assert.Equal(MarketoErrorCode.AccessDenied, ex.Code);
        Assert.False(ex.IsRetryable);
        Assert.NotNull(ex.RequestId);
        Assert.Equal(1, sim.Control.GetCalls().Total);
    }

    [Fact]
    public async Task CreateExportJobAsync_LeadPermissionDenied_ThrowsAccessDeniedWhileActivityTypesStillAnswer()
    {
        await using var sim = await SimulatorFixture.StartAsync();
        sim.Control.ApiUserPermissions = SimulatorApiPermissions.All & ~SimulatorApiPermissions.Lead;

        var ex = await Assert.ThrowsAsync<MarketoApiException>(() => sim.Client.CreateExportJobAsync(
            ExportEntity.Leads, new ExportJobRequest(["id"], new LeadExportFilter { CreatedAt = FirstMonth })));
        var types = await sim.Client.GetActivityTypesAsync();

        Assert.Equal(MarketoErrorCode.AccessDenied, ex.Code);
        Assert.NotEmpty(types);
    }

    [Fact]
    public async Task GetUsageAsync_AfterCalls_TotalIsTodaysCountedCallsSoQuotaLeftIsQuotaMinusTotal()
    {
        const int DailyQuota = 40;
        await using var sim = await SimulatorFixture.StartAsync(o => o.DailyCallQuota = DailyQuota);
        await sim.Client.DescribeLeadFieldsAsync();
        await sim.Client.DescribeProgramMemberFieldsAsync();
        await sim.Client.GetActivityTypesAsync();

        var usage = await sim.Client.GetUsageAsync();

        var today = Assert.Single(usage);
        Assert.Equal(4, today.Total);
        Assert.Equal(sim.Control.GetCalls().CountedToday, today.Total);
        Assert.Equal(today.Total, Assert.Single(today.Users).Count);
        var central = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        Assert.Equal(DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(sim.Clock.GetUtcNow(), central).DateTime), today.Date);

        // Spend the rest of the quota: the next call is refused with 607, exactly as "quota − total" predicted.
        var left = DailyQuota - today.Total;
        for (var i = 0; i < left; i++)
        {
            await sim.Client.GetActivityTypesAsync();
        }

        await Assert.ThrowsAsync<MarketoDailyQuotaExceededException>(() => sim.Client.GetActivityTypesAsync());
    }

    private static List<string> Header(byte[] bytes)
    {
        var text = Encoding.UTF8.GetString(bytes);
        return [.. text[..text.IndexOf('\n', StringComparison.Ordinal)].Split(',')];
    }
}
