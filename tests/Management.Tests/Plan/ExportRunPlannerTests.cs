using MarketoExport.Management.Plan;
using MarketoExport.Marketo;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace MarketoExport.Management.Tests.Plan;

public sealed class ExportRunPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly Mock<IMarketoClient> _marketo = new(MockBehavior.Strict);
    private readonly FakeTimeProvider _time = new(Now);

    public ExportRunPlannerTests()
    {
        _marketo.Setup(m => m.DescribeLeadFieldsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Fields("API Lead", "id", "email", "industryVertical_c", "updatedAt"));
        _marketo.Setup(m => m.DescribeProgramMemberFieldsAsync(It.IsAny<CancellationToken>())).ReturnsAsync(Fields("API Program Membership", "leadId", "programId", "statusName", "webinarUrl"));
    }

    private ExportRunPlanner CreateSut() => new(_marketo.Object, _time);

    private static ExportPlanDefaults Defaults(params string[] objects) => new()
    {
        Objects = objects.Select(o => ExportObject.TryParse(o, out _)!).ToList(),
        Since = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public async Task PlanAsync_NoOverrides_ConfiguredObjectsWithEveryDescribedLeadFieldAndConfiguredSince()
    {
        ExportPlan plan = await CreateSut().PlanAsync(Defaults("leads", "activities"), null, PlanFieldNames.Cli, default);

        Assert.Equal(["leads", "activities"], plan.Request.Objects.Select(o => o.Name));
        Assert.Equal(["id", "email", "industryVertical_c", "updatedAt"], plan.Request.Objects[0].Fields); // custom fields included
        Assert.Null(plan.Request.Objects[1].Fields);
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), plan.Request.Since);
        Assert.Null(plan.Request.Until);
        Assert.Equal(4, plan.MaxWindows); // 2 objects × 2 windows (Nov 1 .. Dec 4)
        Assert.Equal((2 * 5) + (4 * 10), plan.MaxCalls);
    }

    [Fact]
    public async Task PlanAsync_ConfiguredFields_KeptAndNothingDescribed()
    {
        ExportPlanDefaults defaults = Defaults("leads") with { Objects = [new ExportObject(ExportObjectKind.Leads) { Fields = ["id", "email"] }] };

        ExportPlan plan = await CreateSut().PlanAsync(defaults, null, PlanFieldNames.Cli, default);

        Assert.Equal(["id", "email"], plan.Request.Objects[0].Fields);
        _marketo.Verify(m => m.DescribeLeadFieldsAsync(It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task PlanAsync_ProgramMembersWithoutFields_ExportsEveryDescribedField()
    {
        ExportPlanDefaults defaults = Defaults("leads") with { Objects = [new ExportObject(ExportObjectKind.ProgramMembers) { ProgramIds = [1001] }] };

        ExportPlan plan = await CreateSut().PlanAsync(defaults, null, PlanFieldNames.Cli, default);

        Assert.Equal(["leadId", "programId", "statusName", "webinarUrl"], plan.Request.Objects[0].Fields);
        Assert.Equal([1001], plan.Request.Objects[0].ProgramIds);
    }

    [Fact]
    public async Task PlanAsync_CustomObjectWithoutFields_ExportsEveryDescribedField()
    {
        _marketo.Setup(m => m.DescribeCustomObjectAsync("car_c", It.IsAny<CancellationToken>())).ReturnsAsync(Describe("car_c", "vin", "model", "updatedAt"));

        ExportPlan plan = await CreateSut().PlanAsync(Defaults("customObject:car_c"), null, PlanFieldNames.Cli, default);

        Assert.Equal(["vin", "model", "updatedAt"], plan.Request.Objects[0].Fields);
    }

    [Fact]
    public async Task PlanAsync_CustomObjectMissing_RefusesNamingIt()
    {
        _marketo.Setup(m => m.DescribeCustomObjectAsync("nope_c", It.IsAny<CancellationToken>())).ReturnsAsync((CustomObjectMetadata?)null);

        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(() => CreateSut().PlanAsync(Defaults("customObject:nope_c"), null, PlanFieldNames.Cli, default));

        Assert.Contains("custom object 'nope_c' does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_SubsetOfObjects_KeepsOnlyThoseAndRefusesAnUnconfiguredOne()
    {
        ExportPlanDefaults defaults = Defaults("leads", "activities");

        ExportPlan plan = await CreateSut().PlanAsync(defaults, new ExportPlanRequest(["ACTIVITIES"]), PlanFieldNames.Json, default);
        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(
            () => CreateSut().PlanAsync(defaults, new ExportPlanRequest(["programMembers"]), PlanFieldNames.Json, default));
        ExportPlanException empty = await Assert.ThrowsAsync<ExportPlanException>(
            () => CreateSut().PlanAsync(defaults, new ExportPlanRequest([]), PlanFieldNames.Json, default));

        Assert.Equal(["activities"], plan.Request.Objects.Select(o => o.Name));
        Assert.StartsWith("'objects': 'programMembers' is not configured (configured: leads, activities)", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("'objects' is empty", empty.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-01-31T23:59:59Z")]
    [InlineData("2026-12-04T11:50:00Z")] // five minutes inside the 15-minute safety lag
    public async Task PlanAsync_UntilLaterThanTheSafeNow_RefusedNamingTheOption(string until)
    {
        var request = new ExportPlanRequest(Until: DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture));

        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(() => CreateSut().PlanAsync(Defaults("leads"), request, PlanFieldNames.Cli, default));

        Assert.StartsWith("--until (Export:Until): ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2026-12-04T11:45:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_ConfiguredUntilInTheFuture_RefusedNamingTheConfigurationNotTheBodyField()
    {
        ExportPlanDefaults defaults = Defaults("leads") with { Until = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), Names = PlanFieldNames.Settings };

        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(() => CreateSut().PlanAsync(defaults, null, PlanFieldNames.Json, default));

        Assert.StartsWith("Export__Until: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_SinceBeforeMarketoExisted_Refused()
    {
        var request = new ExportPlanRequest(Since: new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero));

        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(() => CreateSut().PlanAsync(Defaults("leads"), request, PlanFieldNames.Cli, default));

        Assert.StartsWith("--since (Export:Since): 0001-01-01T00:00:00Z is before Marketo existed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_UntilBeforeSince_Refused()
    {
        var request = new ExportPlanRequest(Since: Now.AddDays(-10), Until: Now.AddDays(-20));

        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(() => CreateSut().PlanAsync(Defaults("leads"), request, PlanFieldNames.Json, default));

        Assert.Contains("is before 'since'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PlanAsync_BackfillOverTheDailyCallQuota_RefusedUnlessAllowed()
    {
        ExportPlanDefaults defaults = Defaults("leads", "activities") with { DailyCallQuota = 1_000 };
        var request = new ExportPlanRequest(Since: new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero));

        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(() => CreateSut().PlanAsync(defaults, request, PlanFieldNames.Cli, default));
        ExportPlan allowed = await CreateSut().PlanAsync(defaults, request with { AllowLargeBackfill = true }, PlanFieldNames.Cli, default);

        Assert.Contains("more than the daily call quota (1,000)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-large-backfill", ex.Message, StringComparison.Ordinal);
        Assert.True(allowed.MaxCalls > 1_000);
    }

    [Fact]
    public async Task PlanAsync_ProgramMembersWithoutProgramIds_RefusedNamingTheSetting()
    {
        ExportPlanException ex = await Assert.ThrowsAsync<ExportPlanException>(
            () => CreateSut().PlanAsync(Defaults("programMembers"), null, PlanFieldNames.Cli, default));

        Assert.Contains("programMembers needs 1 to 10 program ids (--program-ids (Export:ProgramIds))", ex.Message, StringComparison.Ordinal);
    }

    private static LeadDatabaseObjectMetadata Fields(string name, params string[] fields)
        => new(name, null, [], [], fields.Select(f => new LeadDatabaseFieldMetadata(f, f, "string")).ToList());

    private static CustomObjectMetadata Describe(string name, params string[] fields) => new(
        name, name, null, null, null, null, "marketoGUID", [], [], [], fields.Select(f => new CustomObjectFieldMetadata(f, f, "string")).ToList());
}
