using MarketoExport.TestHelpers;

namespace MarketoExport.AzureStorage.Tests.Azurite;

/// <summary>
/// Every test class of this project: one Azurite for all, and the classes run one after another (child processes and
/// Azurite share the machine's two cores; running them side by side would only stretch the timings being measured).
/// </summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
