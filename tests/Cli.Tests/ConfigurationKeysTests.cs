using System.Reflection;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using MarketoExport.Activities.Landing;
using MarketoExport.Cli.Server;
using MarketoExport.Cli.Server.Telemetry;
using MarketoExport.Orchestrations.Export;
using MarketoExport.TestHelpers;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Cli.Tests;

/// <summary>
/// appsettings.example.json and the key table of src/Cli/README.md list exactly the keys the command line reads: every key
/// the code looks up (recorded while it reads a configuration) is in both, and every key there is read.
/// </summary>
public sealed class ConfigurationKeysTests
{
    [Fact]
    public void Example_ListsEveryKeyTheCodeReads_AndNothingElse()
    {
        HashSet<string> read = KeysTheCodeReads();
        HashSet<string> example = Flatten(JsonDocument.Parse(RepositoryFiles.Read("appsettings.example.json")).RootElement, string.Empty);

        Assert.Empty(read.Except(example).Order());
        Assert.Empty(example.Except(read).Order());
    }

    [Fact]
    public void Readme_DocumentsEveryKeyTheCodeReads()
    {
        string readme = RepositoryFiles.Read("src/Cli/README.md");

        Assert.All(KeysTheCodeReads(), key => Assert.Contains($"`{key.Replace("*", "<object>", StringComparison.Ordinal)}`", readme, StringComparison.Ordinal));
    }

    [Fact]
    public void Example_EveryOptionsKeyIsInIt_AndItIsAUsableConfiguration()
    {
        IConfiguration example = new ConfigurationBuilder().AddJsonFile(RepositoryFiles.Path("appsettings.example.json")).Build();
        HashSet<string> keys = Flatten(JsonDocument.Parse(RepositoryFiles.Read("appsettings.example.json")).RootElement, string.Empty);

        CliOptions options = CliConfiguration.Bind(CliCommand.Run, example);
        ServerOptions server = ServerOptions.FromConfiguration(example);

        Assert.All(new CliCommandLine().KeyedOptions, k => Assert.Contains(k.Key, keys));
        Assert.Equal(["leads", "activities"], options.Objects.Select(o => o.Name));
        Assert.Empty(LandingSinkOptions.FromConfiguration(example).Validate());
        Assert.Equal(["http://127.0.0.1:5080"], server.Urls);
    }

    private static HashSet<string> KeysTheCodeReads()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        IConfiguration Config(params (string Key, string Value)[] values)
            => new ConfigurationBuilder().Add(new RecordingSource(values.ToDictionary(v => v.Key, v => (string?)v.Value, StringComparer.OrdinalIgnoreCase), seen)).Build();

        IConfiguration everything = Config(("Export:Objects", "leads,activities,programMembers,customObject:car_c"), ("Export:ProgramIds", "1001"));
        foreach (CliCommand command in Enum.GetValues<CliCommand>())
        {
            CliConfiguration.Bind(command, everything);
        }

        // The Azure Storage backend's keys are read only when it is chosen (with a Marketo every worker reaches).
        CliConfiguration.Bind(CliCommand.Serve, Config(
            ("Durable:Backend", "AzureStorage"), ("Durable:AzureStorage:ConnectionString", "UseDevelopmentStorage=true"), ("Durable:AzureStorage:TaskHub", "Hub1"),
            ("Marketo:BaseUrl", "https://123-abc-456.mktorest.com"), ("Marketo:ClientId", "id"), ("Marketo:ClientSecret", "secret")));

        ServerOptions.FromConfiguration(everything);
        LandingSinkOptions.FromConfiguration(everything);
        TelemetryOptions.FromConfiguration(everything);

        // The certificate's keys are read only for an https address.
        using var rsa = RSA.Create(2048);
        using X509Certificate2 cert = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        string pfx = Path.Combine(Path.GetTempPath(), $"keys-{Guid.NewGuid():N}.pfx");
        File.WriteAllBytes(pfx, cert.Export(X509ContentType.Pfx, "p"));
        try
        {
            ServerOptions.FromConfiguration(Config(("Server:Urls", "https://127.0.0.1:5443"), ("Server:Certificate:Path", pfx), ("Server:Certificate:Password", "p")));
        }
        finally
        {
            File.Delete(pfx);
        }

        // Export:Settings:* is bound as a whole (ExportSettings), so its keys are the type's properties.
        seen.UnionWith(typeof(ExportSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance).Select(p => $"Export:Settings:{p.Name}"));
        return seen.Select(Normalize).Where(k => !k.EndsWith(":Settings", StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
    }

    private static string Normalize(string key) => key.StartsWith("Export:Fields:", StringComparison.OrdinalIgnoreCase) ? "Export:Fields:*" : key;

    private static HashSet<string> Flatten(JsonElement element, string prefix)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonProperty p in element.EnumerateObject())
        {
            string key = prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}";
            if (p.Value.ValueKind == JsonValueKind.Object)
            {
                keys.UnionWith(Flatten(p.Value, key));
            }
            else
            {
                keys.Add(Normalize(key));
            }
        }

        return keys;
    }

    private sealed class RecordingSource(Dictionary<string, string?> values, HashSet<string> seen) : IConfigurationSource
    {
        public IConfigurationProvider Build(IConfigurationBuilder builder) => new RecordingProvider(values, seen);
    }

    private sealed class RecordingProvider : ConfigurationProvider
    {
        private readonly HashSet<string> _seen;

        public RecordingProvider(Dictionary<string, string?> values, HashSet<string> seen)
        {
            Data = new Dictionary<string, string?>(values, StringComparer.OrdinalIgnoreCase);
            _seen = seen;
        }

        public override bool TryGet(string key, out string? value)
        {
            lock (_seen)
            {
                _seen.Add(key);
            }

            return base.TryGet(key, out value);
        }
    }
}
