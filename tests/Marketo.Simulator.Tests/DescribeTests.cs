using System.Text.Json;
using MarketoExport.TestHelpers;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class DescribeTests
{
    [Fact]
    public async Task DescribeLead2_Leads_ListsStandardAndCustomFieldsWithMetadata()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var lead = SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/leads/describe2.json"));
        var fields = lead.GetProperty("fields").EnumerateArray().ToDictionary(f => f.GetProperty("name").GetString()!);

        Assert.Equal("API Lead", lead.GetProperty("name").GetString());
        Assert.Contains(lead.GetProperty("searchableFields").EnumerateArray(), g => g.GetArrayLength() == 1 && g[0].GetString() == "email");
        Assert.Equal("integer", fields["id"].GetProperty("dataType").GetString());
        Assert.False(fields["id"].GetProperty("updateable").GetBoolean());
        Assert.False(fields["id"].TryGetProperty("length", out _));
        Assert.Equal(255, fields["email"].GetProperty("length").GetInt32());
        Assert.Equal("score", fields["engagementScore_c"].GetProperty("dataType").GetString());
        Assert.Equal("text", fields["salesNotes_c"].GetProperty("dataType").GetString());
        Assert.True(fields["industryVertical_c"].GetProperty("updateable").GetBoolean());
        Assert.True(fields["sfdcAccountId"].GetProperty("crmManaged").GetBoolean());
        Assert.Equal("Sales Notes", fields["salesNotes_c"].GetProperty("displayName").GetString());
        Assert.All(["boolean", "datetime", "date", "currency", "phone"], t => Assert.Contains(fields.Values, f => f.GetProperty("dataType").GetString() == t));
    }

    [Fact]
    public async Task DescribeLead_OlderEndpoint_RestNamesMatchDescribeLead2()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var describe2 = SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/leads/describe2.json")).GetProperty("fields").EnumerateArray().ToList();
        var describe = (await sut.GetJsonAsync("/rest/v1/leads/describe.json")).GetProperty("result").EnumerateArray().ToList();

        Assert.Equal(describe2.Select(f => f.GetProperty("name").GetString()), describe.Select(f => f.GetProperty("rest").GetProperty("name").GetString()));
        Assert.All(describe, f => Assert.True(f.GetProperty("id").GetInt32() > 0));
        Assert.Equal(
            describe2.Select(f => !f.GetProperty("updateable").GetBoolean()),
            describe.Select(f => f.GetProperty("rest").GetProperty("readOnly").GetBoolean()));
        Assert.Contains(describe, f => f.GetProperty("rest").GetProperty("name").GetString() == "company" && f.GetProperty("soap").GetProperty("name").GetString() == "Company");
    }

    [Fact]
    public async Task DescribeProgramMember_ListsFieldsDedupeAndSearchableFields()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var member = SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/programs/members/describe.json"));
        var names = member.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()).ToList();

        Assert.Equal("API Program Membership", member.GetProperty("name").GetString());
        Assert.False(string.IsNullOrEmpty(member.GetProperty("description").GetString()));
        Assert.Equal(["leadId", "programId"], member.GetProperty("dedupeFields").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains(member.GetProperty("searchableFields").EnumerateArray(), g => g[0].GetString() == "statusName");
        Assert.Subset(names.ToHashSet(), new HashSet<string?> { "leadId", "programId", "program", "membershipDate", "statusName", "reachedSuccess", "isExhausted", "nurtureCadence", "updatedAt", "acquiredBy", "webinarUrl" });
        Assert.DoesNotContain("firstName", names);
    }

    [Fact]
    public async Task ExportLeads_EveryDescribedFieldInReverseOrder_OneColumnPerFieldWithValuesOfItsDataType()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var described = DescribedFields(SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/leads/describe2.json")));
        var requested = described.Keys.Reverse().ToList();

        var (id, status) = await sut.ExportAsync("leads", Body(requested, """{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T23:59:59Z"}}"""));
        var rows = Rfc4180.Parse(await sut.DownloadAsync("leads", id));

        Assert.Equal("Completed", status.GetProperty("status").GetString());
        Assert.Equal(requested, rows[0]);
        Assert.True(rows.Count > 20, $"only {rows.Count - 1} rows");
        AssertTyped(rows, described);
        var notes = rows.Skip(1).Select(r => r[requested.IndexOf("salesNotes_c")]).ToList();
        Assert.Contains(notes, v => v.Contains(',', StringComparison.Ordinal));
        Assert.Contains(notes, v => v.Contains('"', StringComparison.Ordinal));
        Assert.Contains(notes, v => v.Contains('\n', StringComparison.Ordinal));
        Assert.Contains(notes, v => v.Any(c => c > 127));
        Assert.Contains(notes, v => v == "null");
    }

    [Fact]
    public async Task ExportProgramMembers_DescribedAndLeadFields_AcceptedWithValuesOfTheirDataTypes()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();
        var member = DescribedFields(SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/programs/members/describe.json")));
        var lead = DescribedFields(SimulatorSession.First(await sut.GetJsonAsync("/rest/v1/leads/describe2.json")));
        string[] leadExtras = ["email", "industryVertical_c", "salesNotes_c", "seatCount_c"];
        var requested = member.Keys.Concat(leadExtras).ToList();
        var types = member.Concat(leadExtras.Select(f => KeyValuePair.Create(f, lead[f]))).ToDictionary();

        var (id, _) = await sut.ExportAsync("program/members", Body(requested, """{"programIds":[1001,1002]}"""));
        var rows = Rfc4180.Parse(await sut.DownloadAsync("program/members", id));
        requested.Insert(0, "programId");

        Assert.Equal(requested, rows[0]);
        Assert.True(rows.Count > 10, $"only {rows.Count - 1} rows");
        AssertTyped(rows, types);
        Assert.All(rows.Skip(1), r => Assert.Equal(r[requested.IndexOf("membershipDate")], r[requested.IndexOf("createdAt")]));
        Assert.All(rows.Skip(1), r => Assert.Equal(r[0] == "1002", r[requested.IndexOf("trackName")] != "null"));
        Assert.Contains(rows.Skip(1), r => r[requested.IndexOf("webinarUrl")].Contains("program=1001", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("leads", """{"fields":["id","annualRevenue"],"filter":{"staticListId":1}}""", "annualRevenue")]
    [InlineData("leads", """{"fields":["id","Email"],"filter":{"staticListId":1}}""", "Email")]
    [InlineData("program/members", """{"fields":["leadId","nope_c"],"filter":{"programId":1001}}""", "nope_c")]
    public async Task ExportCreate_UnknownField_Returns1003NamingTheField(string entity, string body, string field)
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        var response = await sut.PostJsonAsync(SimulatorSession.Root(entity) + "/create.json", body);

        Assert.Equal("1003", SimulatorSession.ErrorCode(response));
        Assert.StartsWith($"Invalid field '{field}'", SimulatorSession.ErrorMessage(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportCreate_UnknownFieldWithCode1006Configured_Returns1006FieldNotFound()
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.UnknownFieldErrorCode = "1006");
        await sut.TokenAsync();

        var response = await sut.PostJsonAsync("/bulk/v1/leads/export/create.json", """{"fields":["id","annualRevenue"],"filter":{"staticListId":1}}""");

        Assert.Equal("1006", SimulatorSession.ErrorCode(response));
        Assert.Equal("Field 'annualRevenue' not found", SimulatorSession.ErrorMessage(response));
    }

    [Fact]
    public async Task ExportLeads_CustomFields_SameSeedSameBytesOtherSeedOtherValues()
    {
        const string Body = """{"fields":["id","industryVertical_c","seatCount_c","salesNotes_c","annualBudget_c"],"filter":{"staticListId":3}}""";

        var first = await ExportOnceAsync(42, Body);
        var again = await ExportOnceAsync(42, Body);
        var other = await ExportOnceAsync(7, Body);

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }

    /// <summary>
    /// Requests that worked before the describe endpoints existed must keep their exact bytes: these hashes were
    /// taken from the simulator before the custom lead fields were added (default sizes, seed 42).
    /// </summary>
    [Theory]
    [InlineData("leads", """{"fields":["id","email","firstName","lastName","company","title","city","country","phone","leadScore","unsubscribed","createdAt","updatedAt"],"filter":{"createdAt":{"startAt":"2026-01-01T00:00:00Z","endAt":"2026-01-31T00:00:00Z"}}}""", "bf5ba9f0ce1a9f6e11a5abe627d8274470b6f031e099b338723272e6e79c0f79")]
    [InlineData("leads", """{"fields":["updatedAt","id","leadScore","unsubscribed","phone"],"format":"TSV","filter":{"staticListId":2}}""", "7230253442f4a20abb435dc5e3f0d92a369a716de7b6bf09310d4a10b0655cb1")]
    [InlineData("program/members", """{"fields":["leadId","programId","programName","membershipDate","statusName","reachedSuccess","isExhausted","nurtureCadence","updatedAt","firstName","lastName","email","company"],"filter":{"programIds":[1001,1002,1003]}}""", "175d3bf478a75fd2a3c4bafce37cc36cef43b0b931b281b8ca24c1efa13c7a7a")]
    public async Task Export_RequestThatWorkedBefore_FileBytesUnchanged(string entity, string body, string sha256)
    {
        await using var sut = await SimulatorSession.StartAsync(o => (o.Leads, o.ProgramMembers) = (1_000, 500));
        await sut.TokenAsync();

        var (id, status) = await sut.ExportAsync(entity, body);
        var file = await sut.DownloadAsync(entity, id);

        Assert.Equal(sha256, Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(file)));
        Assert.Equal("sha256:" + sha256, status.GetProperty("fileChecksum").GetString());
    }

    private static async Task<byte[]> ExportOnceAsync(int seed, string body)
    {
        await using var sut = await SimulatorSession.StartAsync(o => o.Seed = seed);
        await sut.TokenAsync();
        var (id, _) = await sut.ExportAsync("leads", body);
        return await sut.DownloadAsync("leads", id);
    }

    private static string Body(IEnumerable<string> fields, string filter) =>
        "{\"fields\":" + JsonSerializer.Serialize(fields) + ",\"filter\":" + filter + "}";

    private static Dictionary<string, (string DataType, int? Length)> DescribedFields(JsonElement description) =>
        description.GetProperty("fields").EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => (f.GetProperty("dataType").GetString()!, f.TryGetProperty("length", out var l) ? l.GetInt32() : (int?)null));

    /// <summary>Every value is <c>null</c> or matches its column's describe dataType and length; every column has some non-null value.</summary>
    private static void AssertTyped(List<string[]> rows, Dictionary<string, (string DataType, int? Length)> types)
    {
        for (var c = 0; c < rows[0].Length; c++)
        {
            var (dataType, length) = types[rows[0][c]];
            var values = rows.Skip(1).Select(r => r[c]).ToList();
            Assert.Contains(values, v => v != "null");
            foreach (var v in values.Where(v => v != "null"))
            {
                var ok = dataType switch
                {
                    "integer" or "score" => long.TryParse(v, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out _),
                    "currency" or "float" => decimal.TryParse(v, System.Globalization.NumberStyles.AllowDecimalPoint, System.Globalization.CultureInfo.InvariantCulture, out _),
                    "boolean" => v is "true" or "false",
                    "datetime" => DateTimeOffset.TryParseExact(v, "yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out _),
                    "date" => DateOnly.TryParseExact(v, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out _),
                    "email" => v.Contains('@', StringComparison.Ordinal),
                    _ => true,
                };
                Assert.True(ok, $"{rows[0][c]} ({dataType}): '{v}'");
                Assert.True(length is null || v.Length <= length, $"{rows[0][c]}: '{v}' is longer than {length}");
            }
        }
    }
}
