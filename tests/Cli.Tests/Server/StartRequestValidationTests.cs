using System.Net;
using System.Text;

namespace MarketoExport.Cli.Tests.Server;

/// <summary>The HTTP inputs against `serve`: each answers its documented status with problem details naming the field, and starts nothing.</summary>
public sealed class StartRequestValidationTests
{
    [Theory]
    [InlineData("""{"objectz":["leads"]}""", 400, "'objectz' is not a field of a start request (did you mean 'objects'?)")]
    [InlineData("""{"since":"01/02/2026"}""", 400, "'since': \"01/02/2026\" is not an ISO-8601 time")]
    [InlineData("""{"since":42}""", 400, "'since': 42 is not an ISO-8601 time")]
    [InlineData("""{"until":"2999-01-01T00:00:00Z"}""", 400, "'until': 2999-01-01T00:00:00Z is later than now minus the 15-minute safety lag")]
    [InlineData("""{"since":"0001-01-01"}""", 400, "'since': 0001-01-01T00:00:00Z is before Marketo existed")]
    public async Task PostExports_BadBody_AnswersItsStatusNamingTheFieldAndStartsNothing(string body, int status, string expected)
    {
        await using ServerHarness h = await ServerHarness.StartAsync();

        using HttpResponseMessage response = await h.Http.PostAsync(new Uri("/api/exports", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

        string text = await response.Content.ReadAsStringAsync();
        using var problem = System.Text.Json.JsonDocument.Parse(text);
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(expected, problem.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.Null(await h.Client.GetInstanceAsync("export-run"));
    }

    [Fact]
    public async Task PostExports_BodyOver30MB_Answers413NotA500()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();
        var big = new ByteArrayContent(new byte[31 * 1024 * 1024]);
        big.Headers.ContentType = new("application/json");

        // As curl sends a large body: Expect 100-continue, so the refusal arrives before the body is sent.
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/api/exports", UriKind.Relative)) { Content = big };
        request.Headers.ExpectContinue = true;
        using HttpResponseMessage response = await h.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("a start request is a small JSON object", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Null(await h.Client.GetInstanceAsync("export-run"));
    }

    [Fact]
    public async Task ListExports_CreatedFromAfterCreatedTo_Answers400NotAnEmptyList()
    {
        await using ServerHarness h = await ServerHarness.StartAsync();

        using HttpResponseMessage response = await h.Http.GetAsync(new Uri("/api/exports?createdFrom=2026-12-01T00:00:00Z&createdTo=2026-11-01T00:00:00Z", UriKind.Relative));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'createdFrom'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
