using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Time.Testing;

namespace MarketoExport.Management.Tests.Plan;

public sealed class ExportRunPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 4, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private ExportRunPlanner CreateSut() => new(_time);

    private static ExportPlanDefaults Defaults(params string[] objects) => new()
    {
        Objects = objects.Select(o => ExportObject.TryParse(o, out _)! with { ProgramIds = o == "programMembers" ? [1001] : null }).ToList(),
        Since = new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void Plan_NoOverrides_ConfiguredObjectsAndSinceWithTheCostBound()
    {
        ExportPlan plan = CreateSut().Plan(Defaults("leads", "activities"), null, PlanFieldNames.Cli);

        Assert.Equal(["leads", "activities"], plan.Request.Objects.Select(o => o.Name));
        Assert.Null(plan.Request.Objects[0].Fields); // every described field, resolved by the object's export
        Assert.Equal(new DateTime(2026, 11, 1, 0, 0, 0, DateTimeKind.Utc), plan.Request.Since);
        Assert.Null(plan.Request.Until);
        Assert.Equal(4, plan.MaxWindows); // 2 objects × 2 windows (Nov 1 .. Dec 4)
        Assert.Equal((2 * 5) + (4 * 10), plan.MaxCalls);
    }

    [Fact]
    public void Plan_ConfiguredFieldsAndProgramIds_KeptAsConfigured()
    {
        ExportPlanDefaults defaults = Defaults("leads") with
        {
            Objects = [new ExportObject(ExportObjectKind.Leads) { Fields = ["id", "email"] }, new ExportObject(ExportObjectKind.ProgramMembers) { ProgramIds = [7, 8] }],
        };

        ExportPlan plan = CreateSut().Plan(defaults, null, PlanFieldNames.Cli);

        Assert.Equal(["id", "email"], plan.Request.Objects[0].Fields);
        Assert.Equal([7, 8], plan.Request.Objects[1].ProgramIds);
    }

    [Fact]
    public void Plan_SubsetOfObjects_KeepsOnlyThoseAndRefusesAnUnconfiguredOne()
    {
        ExportPlanDefaults defaults = Defaults("leads", "activities", "customObject:car_c");

        ExportPlan plan = CreateSut().Plan(defaults, new ExportPlanRequest(["ACTIVITIES", "customObject:car_c", "activities"]), PlanFieldNames.Json);
        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(defaults, new ExportPlanRequest(["programMembers"]), PlanFieldNames.Json));
        ExportPlanException empty = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(defaults, new ExportPlanRequest([]), PlanFieldNames.Json));

        Assert.Equal(["activities", "car_c"], plan.Request.Objects.Select(o => o.Name));
        Assert.StartsWith("'objects': 'programMembers' is not configured (configured: leads, activities, car_c)", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("'objects' is empty", empty.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2027-01-31T23:59:59Z")]
    [InlineData("2026-12-04T11:50:00Z")] // five minutes inside the 15-minute safety lag
    public void Plan_UntilLaterThanTheSafeNow_RefusedNamingTheOption(string until)
    {
        var request = new ExportPlanRequest(Until: DateTimeOffset.Parse(until, System.Globalization.CultureInfo.InvariantCulture));

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(Defaults("leads"), request, PlanFieldNames.Cli));

        Assert.StartsWith("--until (Export:Until): ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("2026-12-04T11:45:00Z", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_ConfiguredUntilInTheFuture_RefusedNamingTheConfigurationNotTheBodyField()
    {
        ExportPlanDefaults defaults = Defaults("leads") with { Until = new DateTime(2030, 1, 1, 0, 0, 0, DateTimeKind.Utc), Names = PlanFieldNames.Settings };

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(defaults, null, PlanFieldNames.Json));

        Assert.StartsWith("Export__Until: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SinceBeforeMarketoExisted_Refused()
    {
        var request = new ExportPlanRequest(Since: new DateTimeOffset(1, 1, 1, 0, 0, 0, TimeSpan.Zero));

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(Defaults("leads"), request, PlanFieldNames.Cli));

        Assert.StartsWith("--since (Export:Since): 0001-01-01T00:00:00Z is before Marketo existed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_SinceInTheFuture_Refused()
    {
        var request = new ExportPlanRequest(Since: Now.AddDays(1));

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(Defaults("leads"), request, PlanFieldNames.Json));

        Assert.StartsWith("'since': 2026-12-05T12:00:00Z is later than now minus the 15-minute safety lag", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_UntilBeforeSince_Refused()
    {
        var request = new ExportPlanRequest(Since: Now.AddDays(-10), Until: Now.AddDays(-20));

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(Defaults("leads"), request, PlanFieldNames.Json));

        Assert.Contains("is before 'since'", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BackfillOverTheDailyCallQuota_RefusedUnlessAllowed()
    {
        ExportPlanDefaults defaults = Defaults("leads", "activities") with { DailyCallQuota = 1_000 };
        var request = new ExportPlanRequest(Since: new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero));

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(defaults, request, PlanFieldNames.Cli));
        ExportPlan allowed = CreateSut().Plan(defaults, request with { AllowLargeBackfill = true }, PlanFieldNames.Cli);
        ExportPlan allowedByTheHost = CreateSut().Plan(defaults with { AllowLargeBackfill = true }, request, PlanFieldNames.Cli);

        Assert.Contains("more than the daily call quota (1,000)", ex.Message, StringComparison.Ordinal);
        Assert.Contains("--allow-large-backfill", ex.Message, StringComparison.Ordinal);
        Assert.True(allowed.MaxCalls > 1_000);
        Assert.Equal(allowed.MaxCalls, allowedByTheHost.MaxCalls);
    }

    [Fact]
    public void Plan_ProgramMembersWithoutProgramIds_RefusedNamingTheSetting()
    {
        ExportPlanDefaults defaults = Defaults("leads") with { Objects = [new ExportObject(ExportObjectKind.ProgramMembers)] };

        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => CreateSut().Plan(defaults, null, PlanFieldNames.Cli));

        Assert.Contains("programMembers needs 1 to 10 program ids (--program-ids (Export:ProgramIds))", ex.Message, StringComparison.Ordinal);
    }
}
