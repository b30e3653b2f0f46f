using MarketoExport.Management.Plan;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Management.Tests.Plan;

public sealed class ExportConfigurationTests
{
    private static ExportPlanDefaults Read(Dictionary<string, string?> values)
        => ExportConfiguration.Read(new ConfigurationBuilder().AddInMemoryCollection(values).Build().GetSection("Export"), new ExportSettings(), PlanFieldNames.Cli);

    [Fact]
    public void Read_ObjectsAbsent_LeadsAndActivities()
    {
        Assert.Equal(["leads", "activities"], Read([]).Objects.Select(o => o.Name));
    }

    [Fact]
    public void Read_ObjectsAsAnArray_ReadsTheArrayInOrder()
    {
        ExportPlanDefaults plan = Read(new() { ["Export:Objects:0"] = "customObject:car_c", ["Export:Objects:1"] = "leads", ["Export:Objects:10"] = "activities" });

        Assert.Equal(["car_c", "leads", "activities"], plan.Objects.Select(o => o.Name));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" , ")]
    public void Read_ObjectsPresentButEmpty_RefusedInsteadOfTheDefault(string value)
    {
        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => Read(new() { ["Export:Objects"] = value }));

        Assert.StartsWith("--objects (Export:Objects) is empty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_PerObjectSettings_FieldsProgramIdsAndActivityTypes()
    {
        ExportPlanDefaults plan = Read(new()
        {
            ["Export:Objects"] = "leads,activities,programMembers",
            ["Export:Fields:leads"] = "id, email",
            ["Export:ProgramIds:0"] = "1001",
            ["Export:ProgramIds:1"] = "1002",
            ["Export:ActivityTypeIds"] = "1,6",
        });

        Assert.Equal(["id", "email"], plan.Objects[0].Fields);
        Assert.Equal([1, 6], plan.Objects[1].ActivityTypeIds);
        Assert.Equal([1001, 1002], plan.Objects[2].ProgramIds);
        Assert.Null(plan.Objects[0].ProgramIds);
    }

    [Theory]
    [InlineData("Export:Since", "01/02/2026", "--since (Export:Since): '01/02/2026' is not an ISO-8601 time")]
    [InlineData("Export:Until", "yesterday", "--until (Export:Until): 'yesterday' is not an ISO-8601 time")]
    [InlineData("Export:ProgramIds", "1001,x", "--program-ids (Export:ProgramIds): 'x' is not a positive integer id")]
    [InlineData("Export:Objects", "leads,widgets", "--objects (Export:Objects): 'widgets' is not an export object")]
    [InlineData("Export:Objects", "leads,LEADS", "--objects (Export:Objects): 'LEADS' is listed twice")]
    public void Read_BadValue_RefusedNamingTheKey(string key, string value, string expected)
    {
        ExportPlanException ex = Assert.Throws<ExportPlanException>(
            () => Read(new() { ["Export:Objects"] = "leads,programMembers", ["Export:ProgramIds"] = "1001", [key] = value }));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Export:DailyCallQuota", "0", "--daily-call-quota (Export:DailyCallQuota): '0' is not a positive number of API calls")]
    [InlineData("Export:DailyCallQuota", "lots", "--daily-call-quota (Export:DailyCallQuota): 'lots'")]
    [InlineData("Export:AllowLargeBackfill", "yes", "--allow-large-backfill (Export:AllowLargeBackfill): 'yes' is not true or false")]
    public void Read_BadQuotaSetting_RefusedNamingTheKey(string key, string value, string expected)
    {
        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => Read(new() { [key] = value }));

        Assert.StartsWith(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DailyCallQuotaAndAllowLargeBackfill_ReachThePlanDefaults()
    {
        ExportPlanDefaults plan = Read(new() { ["Export:DailyCallQuota"] = "200000", ["Export:AllowLargeBackfill"] = "true" });
        ExportPlanDefaults defaults = Read([]);

        Assert.Equal(200_000, plan.DailyCallQuota);
        Assert.True(plan.AllowLargeBackfill);
        Assert.Equal(50_000, defaults.DailyCallQuota);
        Assert.False(defaults.AllowLargeBackfill);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("1,2,3,4,5,6,7,8,9,10,11")]
    public void Read_ProgramMembersWithoutOneToTenProgramIds_RefusedNamingTheKey(string? ids)
    {
        ExportPlanException ex = Assert.Throws<ExportPlanException>(() => Read(new() { ["Export:Objects"] = "programMembers", ["Export:ProgramIds"] = ids }));

        Assert.Contains("programMembers needs 1 to 10 program ids (--program-ids (Export:ProgramIds))", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-01-02", "2026-01-02T00:00:00Z")]
    [InlineData("2026-01-02T03:04:05Z", "2026-01-02T03:04:05Z")]
    [InlineData("2026-01-02T03:04:05", "2026-01-02T03:04:05Z")]
    [InlineData("2026-01-02T03:04:05+02:00", "2026-01-02T01:04:05Z")]
    public void IsoTime_AcceptedForms_AreUtc(string text, string expected)
    {
        Assert.True(IsoTime.TryParse(text, out DateTimeOffset value));
        Assert.Equal(expected, IsoTime.Format(value.UtcDateTime));
    }

    [Theory]
    [InlineData("01/02/2026")]
    [InlineData("2/1/2026")]
    [InlineData("Jan 2 2026")]
    [InlineData("2026-13-01")]
    public void IsoTime_AmbiguousOrInvalidForms_Refused(string text)
    {
        Assert.False(IsoTime.TryParse(text, out _));
    }
}
