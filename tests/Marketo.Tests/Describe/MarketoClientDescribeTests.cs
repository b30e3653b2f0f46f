using MarketoExport.Marketo.Describe;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Tests.Support;

namespace MarketoExport.Marketo.Tests.Describe;

public sealed class MarketoClientDescribeTests
{
    private const string Describe2 = """
        {"requestId":"d#1","success":true,"result":[{"name":"API Lead","searchableFields":[["email"],["id"],["sfdcAccountId","sfdcType"]],
         "fields":[
          {"name":"id","displayName":"Id","dataType":"integer","updateable":false,"crmManaged":false},
          {"name":"email","displayName":"Email Address","dataType":"email","length":255,"updateable":true,"crmManaged":false},
          {"name":"industryVertical_c","displayName":"Industry Vertical","dataType":"string","length":255,"updateable":true,"crmManaged":false},
          {"name":"sfdcAccountId","displayName":"SFDC Account Id","dataType":"string","length":18,"updateable":false,"crmManaged":true}]}]}
        """;

    private const string MemberDescribe = """
        {"requestId":"d#2","success":true,"result":[{"name":"API Program Membership","description":"Map for API program membership fields",
         "createdAt":"2021-03-20T01:30:05Z","updatedAt":"2021-03-20T01:30:05Z","dedupeFields":["leadId","programId"],
         "searchableFields":[["leadId"],["statusName"]],
         "fields":[{"name":"leadId","displayName":"leadId","dataType":"integer","updateable":false,"crmManaged":false},
                   {"name":"webinarUrl","displayName":"webinarUrl","dataType":"string","length":2000,"updateable":true,"crmManaged":false}]}]}
        """;

    [Fact]
    public async Task DescribeLeadFieldsAsync_Describe2Answer_CallsDescribe2AndMapsEveryField()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json(Describe2));
        using var host = new MarketoTestHost(handler);

        var sut = await host.Client.DescribeLeadFieldsAsync();

        var request = Assert.Single(handler.ApiRequests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("/rest/v1/leads/describe2.json", request.Path);
        Assert.Equal("Bearer tok-1", request.Authorization);
        Assert.Equal("API Lead", sut.Name);
        Assert.Null(sut.Description);
        Assert.Empty(sut.DedupeFields);
        Assert.Equal(["email", "id", "sfdcAccountId"], sut.SearchableFields.Select(g => g[0]));
        Assert.Equal(["sfdcAccountId", "sfdcType"], sut.SearchableFields[2]);
        Assert.Equal(["id", "email", "industryVertical_c", "sfdcAccountId"], sut.Fields.Select(f => f.Name));
        Assert.Equal(new LeadDatabaseFieldMetadata("id", "Id", "integer", null, false, false), sut.Fields[0]);
        Assert.Equal(new LeadDatabaseFieldMetadata("email", "Email Address", "email", 255, true, false), sut.Fields[1]);
        Assert.True(sut.Fields[3].CrmManaged);
    }

    [Fact]
    public async Task DescribeProgramMemberFieldsAsync_Answer_CallsProgramsMembersDescribeAndMapsDedupeAndDescription()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json(MemberDescribe));
        using var host = new MarketoTestHost(handler);

        var sut = await host.Client.DescribeProgramMemberFieldsAsync();

        Assert.Equal("/rest/v1/programs/members/describe.json", Assert.Single(handler.ApiRequests).Path);
        Assert.Equal("API Program Membership", sut.Name);
        Assert.Equal("Map for API program membership fields", sut.Description);
        Assert.Equal(["leadId", "programId"], sut.DedupeFields);
        Assert.Equal(["leadId", "webinarUrl"], sut.Fields.Select(f => f.Name));
        Assert.Equal(2000, sut.Fields[1].Length);
        Assert.True(sut.Fields[1].Updateable);
    }

    [Fact]
    public async Task DescribeLeadFieldsAsync_OptionalMembersMissingOrNull_DefaultsAndDropsNamelessFields()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""
            {"requestId":"d#3","success":true,"result":[{"searchableFields":[null,["email",null]],"dedupeFields":null,
             "fields":[{"name":"bare"},null,{"displayName":"No name","dataType":"string"},{"name":"","dataType":"string"},
                       {"name":"typed","dataType":null,"length":null,"updateable":null,"crmManaged":null,"unknownMember":[1,2]}]}]}
            """));
        using var host = new MarketoTestHost(handler);

        var sut = await host.Client.DescribeLeadFieldsAsync();

        Assert.Equal(string.Empty, sut.Name);
        Assert.Empty(sut.DedupeFields);
        Assert.Equal(["email"], Assert.Single(sut.SearchableFields));
        Assert.Equal(
            [new LeadDatabaseFieldMetadata("bare", null, "string"), new LeadDatabaseFieldMetadata("typed", null, "string")],
            sut.Fields);
    }

    [Fact]
    public async Task DescribeLeadFieldsAsync_NoFieldsMember_ReturnsNoFields()
    {
        var handler = Api(_ => StubHttpMessageHandler.Json("""{"requestId":"d#4","success":true,"result":[{"name":"API Lead"}]}"""));
        using var host = new MarketoTestHost(handler);

        var sut = await host.Client.DescribeLeadFieldsAsync();

        Assert.Equal("API Lead", sut.Name);
        Assert.Empty(sut.Fields);
        Assert.Empty(sut.SearchableFields);
    }

    [Theory]
    [InlineData("""{"requestId":"d#5","success":true,"result":[]}""")]
    [InlineData("""{"requestId":"d#5","success":true}""")]
    [InlineData("""{"requestId":"d#5","success":true,"result":[null]}""")]
    public async Task DescribeProgramMemberFieldsAsync_SuccessWithoutDescription_ThrowsHttpException(string body)
    {
        var handler = Api(_ => StubHttpMessageHandler.Json(body));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<MarketoHttpException>(() => host.Client.DescribeProgramMemberFieldsAsync());

        Assert.Contains("/rest/v1/programs/members/describe.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DescribeLeadFieldsAsync_AccessDenied_ThrowsAccessDeniedOnceWithoutRetry()
    {
        var handler = Api(_ => StubHttpMessageHandler.Error("603", "Access denied"));
        using var host = new MarketoTestHost(handler);

        var ex = await Assert.ThrowsAsync<MarketoApiException>(() => host.Client.DescribeLeadFieldsAsync());

        Assert.Equal(MarketoErrorCode.AccessDenied, ex.Code);
        Assert.False(ex.IsRetryable);
        Assert.Equal("abc#123", ex.RequestId);
        Assert.Single(handler.ApiRequests);
    }

    private static StubHttpMessageHandler Api(Func<RecordedRequest, HttpResponseMessage> api) =>
        new(r => r.IsIdentity ? StubHttpMessageHandler.Token() : api(r));
}
