using MarketoExport.TestHelpers;

namespace MarketoExport.Activities.Tests.Landing;

/// <summary>Tests that share one Azurite process.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
