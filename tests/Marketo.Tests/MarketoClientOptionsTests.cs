using MarketoExport.Marketo.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace MarketoExport.Marketo.Tests;

public sealed class MarketoClientOptionsTests
{
    [Fact]
    public void Options_MissingKeys_FailWithOneMessagePerKey()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MarketoClientOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("Marketo:BaseUrl is missing", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Marketo:ClientId is missing", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Marketo:ClientSecret is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void Options_BadValues_NameTheKey()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Marketo:BaseUrl"] = "not a url",
            ["Marketo:ClientId"] = "id",
            ["Marketo:ClientSecret"] = MarketoTestHost.Secret,
            ["Marketo:RateLimitCalls"] = "500",
            ["Marketo:MaxConcurrentCalls"] = "0",
        });

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MarketoClientOptions>>().Value);

        Assert.Contains(ex.Failures, f => f.Contains("Marketo:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Marketo:RateLimitCalls", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Marketo:MaxConcurrentCalls", StringComparison.Ordinal));
        Assert.DoesNotContain(MarketoTestHost.Secret, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Options_FromConfiguration_BindAndKeepDefaults()
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Marketo:BaseUrl"] = "https://123-ABC-456.mktorest.com",
            ["Marketo:ClientId"] = "id",
            ["Marketo:ClientSecret"] = "secret",
            ["Marketo:RateLimitWindow"] = "00:00:30",
        });

        var sut = provider.GetRequiredService<IOptions<MarketoClientOptions>>().Value;

        Assert.Equal(TimeSpan.FromSeconds(30), sut.RateLimitWindow);
        Assert.Equal(80, sut.RateLimitCalls);
        Assert.Equal(10, sut.MaxConcurrentCalls);
    }

    [Fact]
    public void Options_ValidateOnStart_IsRegistered()
    {
        using var provider = Build(new Dictionary<string, string?>());

        var validator = provider.GetRequiredService<IStartupValidator>();

        Assert.Throws<OptionsValidationException>(validator.Validate);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddMarketoClient();
        return services.BuildServiceProvider();
    }
}
