using System.Net;
using System.Text.Json;

namespace MarketoExport.Marketo.Simulator.Tests;

public sealed class IdentityTests
{
    [Fact]
    public async Task Token_GoodCredentials_ReturnsBearerTokenForAnHour()
    {
        await using var sut = await SimulatorSession.StartAsync();

        using var response = await sut.Http.GetAsync("/identity/oauth/token?grant_type=client_credentials&client_id=sim-client-id&client_secret=sim-client-secret");
        var body = await SimulatorSession.ReadAsync(response);

        Assert.Matches("^[0-9a-f-]{36}:[a-z0-9]+$", body.GetProperty("access_token").GetString());
        Assert.Equal("bearer", body.GetProperty("token_type").GetString());
        Assert.Equal(3600, body.GetProperty("expires_in").GetInt64());
        Assert.Equal("sim-api-user@example.com", body.GetProperty("scope").GetString());
    }

    [Fact]
    public async Task Token_RequestedAgainWhileValid_ReturnsSameTokenWithRemainingLifetime()
    {
        await using var sut = await SimulatorSession.StartAsync();
        var first = await sut.TokenAsync();

        sut.Time.Advance(TimeSpan.FromSeconds(100));
        using var response = await sut.Http.PostAsync("/identity/oauth/token?grant_type=client_credentials&client_id=sim-client-id&client_secret=sim-client-secret", null);
        var body = await SimulatorSession.ReadAsync(response);

        Assert.Equal(first, body.GetProperty("access_token").GetString());
        Assert.Equal(3500, body.GetProperty("expires_in").GetInt64());
    }

    [Fact]
    public async Task Token_FormBody_IsAccepted()
    {
        await using var sut = await SimulatorSession.StartAsync();

        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = "sim-client-id", ["client_secret"] = "sim-client-secret",
        });
        using var response = await sut.Http.PostAsync("/identity/oauth/token", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("sim-client-id", "wrong", "invalid_client")]
    [InlineData("nobody", "sim-client-secret", "unauthorized")]
    public async Task Token_BadCredentials_Returns401WithOAuthError(string clientId, string secret, string error)
    {
        await using var sut = await SimulatorSession.StartAsync();

        using var response = await sut.Http.GetAsync($"/identity/oauth/token?grant_type=client_credentials&client_id={clientId}&client_secret={secret}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(error, doc.RootElement.GetProperty("error").GetString());
        Assert.False(string.IsNullOrEmpty(doc.RootElement.GetProperty("error_description").GetString()));
        Assert.DoesNotContain("sim-client-secret", doc.RootElement.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ApiCall_TokenPastLifetime_Returns602ThenNewTokenWorks()
    {
        await using var sut = await SimulatorSession.StartAsync();
        var old = await sut.TokenAsync();

        sut.Time.Advance(TimeSpan.FromSeconds(3600));
        var expired = await sut.GetJsonAsync("/rest/v1/activities/types.json");
        var renewed = await sut.TokenAsync();
        var after = await sut.GetJsonAsync("/rest/v1/activities/types.json");

        Assert.Equal("602", SimulatorSession.ErrorCode(expired));
        Assert.NotEqual(old, renewed);
        Assert.True(after.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task ApiCall_UnknownOrMissingToken_Returns601()
    {
        await using var sut = await SimulatorSession.StartAsync();

        var missing = await sut.GetJsonAsync("/rest/v1/activities/types.json");
        sut.Http.DefaultRequestHeaders.Authorization = new("Bearer", "00000000-0000-0000-0000-000000000000:ab");
        var unknown = await sut.GetJsonAsync("/rest/v1/activities/types.json");

        Assert.Equal("601", SimulatorSession.ErrorCode(missing));
        Assert.Equal("601", SimulatorSession.ErrorCode(unknown));
    }

    [Fact]
    public async Task ApiCall_QueryAccessToken_RejectedUnlessLegacySwitchOn()
    {
        await using var strict = await SimulatorSession.StartAsync();
        await using var legacy = await SimulatorSession.StartAsync(o => o.AcceptLegacyQueryToken = true);
        var strictToken = await strict.TokenAsync();
        var legacyToken = await legacy.TokenAsync();
        strict.Http.DefaultRequestHeaders.Authorization = null;
        legacy.Http.DefaultRequestHeaders.Authorization = null;

        var rejected = await strict.GetJsonAsync("/rest/v1/activities/types.json?access_token=" + strictToken);
        var accepted = await legacy.GetJsonAsync("/rest/v1/activities/types.json?access_token=" + legacyToken);

        Assert.Equal("601", SimulatorSession.ErrorCode(rejected));
        Assert.True(accepted.GetProperty("success").GetBoolean());
    }

    [Fact]
    public async Task ExpireTokens_ValidToken_NextCallGets602()
    {
        await using var sut = await SimulatorSession.StartAsync();
        await sut.TokenAsync();

        sut.Control.ExpireTokens();
        var response = await sut.GetJsonAsync("/rest/v1/activities/types.json");

        Assert.Equal("602", SimulatorSession.ErrorCode(response));
    }
}
