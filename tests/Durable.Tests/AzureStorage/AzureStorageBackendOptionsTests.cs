using DurableTask.AzureStorage;
using MarketoExport.Durable.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Durable.Tests.AzureStorage;

/// <summary>The Azure Storage backend's settings, offline: validation, the provider settings they make, the worker id.</summary>
public sealed class AzureStorageBackendOptionsTests
{
    private const string Secret = "AccountKey=TOPSECRETKEY123==";

    [Fact]
    public void CreateSettings_ValidOptions_CrashRecoveryAndDedupeSettingsAreSet()
    {
        AzureStorageBackendOptions options = Valid();
        options.WorkItemVisibilitySeconds = 12;
        options.ControlQueueVisibilitySeconds = 20;
        options.MaxPollingIntervalSeconds = 2;
        options.PartitionCount = 6;

        AzureStorageOrchestrationServiceSettings sut = AzureStorageBackend.CreateSettings(options);

        Assert.Equal("Hub1", sut.TaskHubName);
        Assert.Equal("worker-1", sut.WorkerId);
        Assert.True(sut.UseTablePartitionManagement);
        Assert.False(sut.UseLegacyPartitionManagement);
        Assert.False(sut.UseAppLease);
        Assert.True(sut.ThrowExceptionOnInvalidDedupeStatus);
        Assert.Equal(TimeSpan.FromSeconds(12), sut.WorkItemQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(20), sut.ControlQueueVisibilityTimeout);
        Assert.Equal(TimeSpan.FromSeconds(2), sut.MaxQueuePollingInterval);
        Assert.Equal(6, sut.PartitionCount);
        Assert.Equal(10, sut.MaxConcurrentTaskActivityWorkItems);
        Assert.Equal(10, sut.MaxConcurrentTaskOrchestrationWorkItems);
        Assert.NotNull(sut.StorageAccountClientProvider);
    }

    [Fact]
    public void Defaults_VisibilityWellBelowTheProvidersFiveMinutes()
    {
        var sut = new AzureStorageBackendOptions();

        Assert.Equal(15, sut.WorkItemVisibilitySeconds);
        Assert.Equal(15, sut.ControlQueueVisibilitySeconds);
        Assert.Equal(5, sut.MaxPollingIntervalSeconds);
        Assert.Equal(10, sut.MaxConcurrentActivities);
        Assert.Equal(4, sut.PartitionCount);
    }

    [Theory]
    [InlineData("TaskHub", "my-hub", "Durable:AzureStorage:TaskHub")]
    [InlineData("TaskHub", "1hub", "Durable:AzureStorage:TaskHub")]
    [InlineData("TaskHub", "ab", "Durable:AzureStorage:TaskHub")]
    [InlineData("TaskHub", "", "Durable:AzureStorage:TaskHub")]
    [InlineData("PartitionCount", "17", "Durable:AzureStorage:PartitionCount")]
    [InlineData("PartitionCount", "four", "Durable:AzureStorage:PartitionCount")]
    [InlineData("WorkItemVisibilitySeconds", "2", "Durable:AzureStorage:WorkItemVisibilitySeconds")]
    [InlineData("ControlQueueVisibilitySeconds", "601", "Durable:AzureStorage:ControlQueueVisibilitySeconds")]
    [InlineData("MaxPollingIntervalSeconds", "0", "Durable:AzureStorage:MaxPollingIntervalSeconds")]
    [InlineData("MaxConcurrentActivities", "0", "Durable:AzureStorage:MaxConcurrentActivities")]
    [InlineData("ConnectionString", "not a connection string", "Durable:AzureStorage:ConnectionString")]
    [InlineData("AccountName", "Bad_Account", "Durable:AzureStorage:AccountName")]
    [InlineData("TaskHubName", "Hub1", "Durable:AzureStorage:TaskHubName is not a setting")]
    public void FromConfiguration_BadValue_ThrowsNamingTheKeyWithoutTheSecret(string key, string value, string named)
    {
        Dictionary<string, string?> settings = ValidSettings();
        settings["Durable:AzureStorage:" + key] = value;
        if (key == "AccountName")
        {
            settings.Remove("Durable:AzureStorage:ConnectionString");
        }

        DurableConfigurationException ex = Assert.Throws<DurableConfigurationException>(() => DurableBackendOptions.FromConfiguration(Config(settings)));

        Assert.Contains(named, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TOPSECRET", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NoStorageAndNoHub_NamesBothKeys()
    {
        IConfiguration config = Config(new Dictionary<string, string?> { ["Durable:Backend"] = "AzureStorage" });

        DurableConfigurationException ex = Assert.Throws<DurableConfigurationException>(() => DurableBackendOptions.FromConfiguration(config));

        Assert.Contains("Durable:AzureStorage:ConnectionString", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Durable:AzureStorage:TaskHub", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Cosmos")]
    [InlineData("1")]
    public void FromConfiguration_UnknownBackend_NamesTheKeyAndTheChoices(string backend)
    {
        IConfiguration config = Config(new Dictionary<string, string?> { ["Durable:Backend"] = backend });

        DurableConfigurationException ex = Assert.Throws<DurableConfigurationException>(() => DurableBackendOptions.FromConfiguration(config));

        Assert.Contains("Durable:Backend", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Sqlite", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_NothingSet_Sqlite()
    {
        DurableBackendOptions sut = DurableBackendOptions.FromConfiguration(Config([]));

        Assert.Equal(DurableBackend.Sqlite, sut.Backend);
    }

    [Fact]
    public void FromConfiguration_AzureStorage_ReadsEveryKeyCaseInsensitivelyAndHidesTheSecret()
    {
        Dictionary<string, string?> settings = ValidSettings();
        settings["Durable:Backend"] = "azurestorage";
        settings["Durable:AzureStorage:workitemvisibilityseconds"] = "30";
        settings["Durable:AzureStorage:MaxConcurrentActivities"] = "4";

        DurableBackendOptions sut = DurableBackendOptions.FromConfiguration(Config(settings));

        Assert.Equal(DurableBackend.AzureStorage, sut.Backend);
        Assert.Equal("Hub1", sut.AzureStorage.TaskHub);
        Assert.Null(sut.AzureStorage.WorkerId);
        Assert.Equal(30, sut.AzureStorage.WorkItemVisibilitySeconds);
        Assert.Equal(4, sut.AzureStorage.MaxConcurrentActivities);
        Assert.DoesNotContain("TOPSECRET", sut.ToString(), StringComparison.Ordinal);
        Assert.Contains("connection string (hidden)", sut.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_WorkerIdRequiredAndMissing_NamesTheKey()
    {
        DurableConfigurationException ex = Assert.Throws<DurableConfigurationException>(
            () => DurableBackendOptions.FromConfiguration(Config(ValidSettings()), requireWorkerId: true));

        Assert.Contains("Durable:AzureStorage:WorkerId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateSettings_NoWorkerId_RefusedBecauseNoHostDerivesOne()
    {
        AzureStorageBackendOptions options = Valid();
        options.WorkerId = null;

        DurableConfigurationException ex = Assert.Throws<DurableConfigurationException>(() => AzureStorageBackend.CreateSettings(options));

        Assert.Contains("Durable:AzureStorage:WorkerId", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DefaultWorkerId_SameFolderSameId_OtherFolderOtherId_StartsWithTheMachineName()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mde-worker-" + Guid.NewGuid().ToString("N"), "state");

        string sut = AzureStorageBackendOptions.DefaultWorkerId(folder);

        Assert.Equal(sut, AzureStorageBackendOptions.DefaultWorkerId(folder + Path.DirectorySeparatorChar));
        Assert.NotEqual(sut, AzureStorageBackendOptions.DefaultWorkerId(folder + "2"));
        Assert.StartsWith(Environment.MachineName + "-", sut, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkerIdLock_SecondHolderOfTheFolder_RefusedUntilTheFirstReleases()
    {
        string folder = Path.Combine(Path.GetTempPath(), "mde-lock-" + Guid.NewGuid().ToString("N"));
        try
        {
            WorkerIdInUseException refused;
            using (WorkerIdLock.Acquire(folder, "w1"))
            {
                refused = Assert.Throws<WorkerIdInUseException>(() => WorkerIdLock.Acquire(folder, "w1"));
            }

            using WorkerIdLock again = WorkerIdLock.Acquire(folder, "w1");

            Assert.Contains("'w1'", refused.Message, StringComparison.Ordinal);
            Assert.Contains("--state", refused.Message, StringComparison.Ordinal);
            Assert.Equal("w1", again.WorkerId);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static AzureStorageBackendOptions Valid() => new()
    {
        ConnectionString = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;{Secret};BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;",
        TaskHub = "Hub1",
        WorkerId = "worker-1",
    };

    private static Dictionary<string, string?> ValidSettings() => new()
    {
        ["Durable:Backend"] = "AzureStorage",
        ["Durable:AzureStorage:ConnectionString"] = Valid().ConnectionString,
        ["Durable:AzureStorage:TaskHub"] = "Hub1",
    };

    private static IConfiguration Config(Dictionary<string, string?> settings) => new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
}
