using MarketoExport.Activities.Landing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace MarketoExport.Activities.Tests.Landing;

public sealed class LandingSinkOptionsTests
{
    [Fact]
    public void FromConfiguration_Empty_FolderKindAndValid()
    {
        LandingSinkOptions options = LandingSinkOptions.FromConfiguration(Config());

        Assert.Equal(LandingKind.Folder, options.Kind);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void FromConfiguration_BlobKeys_Read()
    {
        LandingSinkOptions options = LandingSinkOptions.FromConfiguration(Config(
            ("Landing:Kind", "Blob"), ("Landing:Blob:AccountUrl", "https://st1.blob.core.windows.net/"),
            ("Landing:Blob:Container", "marketo-landing"), ("Landing:Blob:ClientId", "1111")));

        Assert.Equal(LandingKind.Blob, options.Kind);
        Assert.Equal(new BlobLandingOptions { AccountUrl = "https://st1.blob.core.windows.net/", Container = "marketo-landing", ClientId = "1111" }, options.Blob);
        Assert.Empty(options.Validate());
    }

    [Fact]
    public void FromConfiguration_UnknownKind_ThrowsNamingTheChoices()
    {
        LandingConfigurationException ex = Assert.Throws<LandingConfigurationException>(
            () => LandingSinkOptions.FromConfiguration(Config(("Landing:Kind", "s3"))));

        Assert.Contains("Landing:Kind is 's3'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'folder'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'blob'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, null, "marketo-landing", "neither Landing:Blob:ConnectionString nor Landing:Blob:AccountUrl")]
    [InlineData("UseDevelopmentStorage=true", "https://a.blob.core.windows.net/", "marketo-landing", "both set")]
    [InlineData(null, "http://a.blob.core.windows.net/", "marketo-landing", "not an absolute https URL")]
    [InlineData(null, "a.blob.core.windows.net", "marketo-landing", "not an absolute https URL")]
    [InlineData("UseDevelopmentStorage=true", null, null, "Landing:Blob:Container is missing")]
    [InlineData("UseDevelopmentStorage=true", null, "Marketo_Landing", "not a valid container name")]
    [InlineData("UseDevelopmentStorage=true", null, "a--b", "not a valid container name")]
    [InlineData("UseDevelopmentStorage=true", null, "ab", "not a valid container name")]
    public void Validate_BadBlobSettings_NamesTheKeyAndTheFix(string? connectionString, string? accountUrl, string? container, string expected)
    {
        var options = new LandingSinkOptions
        {
            Kind = LandingKind.Blob,
            Blob = new BlobLandingOptions { ConnectionString = connectionString, AccountUrl = accountUrl, Container = container },
        };

        string error = Assert.Single(options.Validate());

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_ClientIdWithConnectionString_Rejected()
    {
        var options = new LandingSinkOptions
        {
            Kind = LandingKind.Blob,
            Blob = new BlobLandingOptions { ConnectionString = "UseDevelopmentStorage=true", Container = "landing", ClientId = "x" },
        };

        Assert.Contains("Landing:Blob:ClientId", Assert.Single(options.Validate()), StringComparison.Ordinal);
    }

    [Fact]
    public void Create_FolderKind_LocalFolderSinkOverLandingFolderOrDefault()
    {
        string root = Path.Combine(Path.GetTempPath(), "mde-landing-" + Guid.NewGuid().ToString("N"));

        var byDefault = Assert.IsType<LocalFolderSink>(LandingSinkFactory.Create(new LandingSinkOptions(), root));
        var byKey = Assert.IsType<LocalFolderSink>(LandingSinkFactory.Create(new LandingSinkOptions { Folder = root + "-x" }, root));

        Assert.Equal(Path.GetFullPath(root), byDefault.Root);
        Assert.Equal(Path.GetFullPath(root + "-x"), byKey.Root);
        byDefault.Dispose();
        byKey.Dispose();
    }

    [Fact]
    public void Create_BlobKindWithAccountUrl_ContainerOnThatAccount()
    {
        var options = new LandingSinkOptions
        {
            Kind = LandingKind.Blob,
            Blob = new BlobLandingOptions { AccountUrl = "https://stexample.blob.core.windows.net/", Container = "marketo-landing", ClientId = "00000000-0000-0000-0000-000000000001" },
        };

        using var sink = Assert.IsType<BlobStorageSink>(LandingSinkFactory.Create(options, "unused"));

        Assert.Equal(new Uri("https://stexample.blob.core.windows.net/marketo-landing"), sink.Container.Uri);
        Assert.Equal("marketo-landing", sink.Container.Name);
    }

    [Fact]
    public void AddLandingSink_BlobKindAfterAddExportActivities_ReplacesTheFolderSink()
    {
        var services = new ServiceCollection();
        services.AddExportActivities(Path.GetTempPath());
        services.AddLandingSink(Config(
            ("Landing:Kind", "blob"), ("Landing:Blob:ConnectionString", "UseDevelopmentStorage=true"), ("Landing:Blob:Container", "marketo-landing")), Path.GetTempPath());

        using ServiceProvider provider = services.BuildServiceProvider();

        Assert.Single(services, d => d.ServiceType == typeof(ILandingSink));
        Assert.Equal("marketo-landing", Assert.IsType<BlobStorageSink>(provider.GetRequiredService<ILandingSink>()).Container.Name);
    }

    [Fact]
    public void AddLandingSink_BadBlobSettings_ThrowsAtRegistrationWithEveryProblem()
    {
        var services = new ServiceCollection();

        LandingConfigurationException ex = Assert.Throws<LandingConfigurationException>(
            () => services.AddLandingSink(Config(("Landing:Kind", "blob")), "landing"));

        Assert.Contains("Landing:Blob:ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Landing:Blob:Container is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddLandingSink_NoLandingSectionAndNoDefaultFolder_ThrowsNamingBothKinds()
    {
        var services = new ServiceCollection();

        LandingConfigurationException ex = Assert.Throws<LandingConfigurationException>(() => services.AddLandingSink(Config(), defaultFolder: null));

        Assert.Contains("Landing:Folder is missing", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Landing:Kind=blob", ex.Message, StringComparison.Ordinal);
    }

    private static IConfiguration Config(params (string Key, string Value)[] values)
        => new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();
}
