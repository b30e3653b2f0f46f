using System.Text.Json;
using MarketoExport.Marketo.BulkExport;

namespace MarketoExport.Marketo.Tests.BulkExport;

public sealed class ExportRequestBodyTests
{
    private static readonly ExportDateRange January = new(
        new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
        new DateTimeOffset(2026, 1, 31, 23, 59, 59, TimeSpan.Zero));

    [Fact]
    public void WriteCreateExportBody_LeadCreatedAt_WritesFieldsFormatAndRange()
    {
        var request = new ExportJobRequest(["id", "email"], new LeadExportFilter { CreatedAt = January })
        {
            ColumnHeaderNames = new Dictionary<string, string> { ["email"] = "Email Address" },
        };

        using var doc = JsonDocument.Parse(MarketoClient.WriteCreateExportBody(request));
        var root = doc.RootElement;

        Assert.Equal(["id", "email"], root.GetProperty("fields").EnumerateArray().Select(e => e.GetString()!).ToArray());
        Assert.Equal("CSV", root.GetProperty("format").GetString());
        Assert.Equal("Email Address", root.GetProperty("columnHeaderNames").GetProperty("email").GetString());
        var filter = root.GetProperty("filter");
        Assert.Equal("2026-01-01T00:00:00Z", filter.GetProperty("createdAt").GetProperty("startAt").GetString());
        Assert.Equal("2026-01-31T23:59:59Z", filter.GetProperty("createdAt").GetProperty("endAt").GetString());
        Assert.Single(filter.EnumerateObject());
    }

    [Fact]
    public void WriteCreateExportBody_ActivitiesWithoutFields_OmitsFieldsAndWritesTypeIds()
    {
        var request = new ExportJobRequest(null, new ActivityExportFilter(January) { ActivityTypeIds = [1, 12, 13] });

        using var doc = JsonDocument.Parse(MarketoClient.WriteCreateExportBody(request));

        Assert.False(doc.RootElement.TryGetProperty("fields", out _));
        Assert.Equal([1, 12, 13], doc.RootElement.GetProperty("filter").GetProperty("activityTypeIds").EnumerateArray().Select(e => e.GetInt32()).ToArray());
    }

    [Fact]
    public void WriteCreateExportBody_ProgramMembers_WritesProgramIdsAndUpdatedAt()
    {
        var request = new ExportJobRequest(["leadId"], new ProgramMemberExportFilter { ProgramIds = [1001, 1002], UpdatedAt = January, IsExhausted = false }, "TSV");

        using var doc = JsonDocument.Parse(MarketoClient.WriteCreateExportBody(request));
        var filter = doc.RootElement.GetProperty("filter");

        Assert.Equal("TSV", doc.RootElement.GetProperty("format").GetString());
        Assert.Equal(2, filter.GetProperty("programIds").GetArrayLength());
        Assert.False(filter.GetProperty("isExhausted").GetBoolean());
        Assert.Equal("2026-01-01T00:00:00Z", filter.GetProperty("updatedAt").GetProperty("startAt").GetString());
        Assert.False(filter.TryGetProperty("programId", out _));
    }

    [Fact]
    public void WriteCreateExportBody_CustomObjectStaticList_WritesOnlyThatFilter()
    {
        var request = new ExportJobRequest(["vin"], new CustomObjectExportFilter { StaticListId = 7 });

        using var doc = JsonDocument.Parse(MarketoClient.WriteCreateExportBody(request));
        var filter = doc.RootElement.GetProperty("filter");

        Assert.Equal(7, filter.GetProperty("staticListId").GetInt32());
        Assert.Single(filter.EnumerateObject());
    }
}
