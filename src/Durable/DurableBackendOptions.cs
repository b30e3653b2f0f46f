using System.Globalization;
using System.Reflection;
using MarketoExport.Durable.AzureStorage;
using Microsoft.Extensions.Configuration;

namespace MarketoExport.Durable;

/// <summary>
/// The durable backend chosen by configuration: <c>Durable:Backend</c> = <c>Sqlite</c> (default) or
/// <c>AzureStorage</c>, with the Azure Storage settings under <c>Durable:AzureStorage</c> (environment variables
/// <c>Durable__Backend</c>, <c>Durable__AzureStorage__ConnectionString</c>, …).
/// </summary>
public sealed record DurableBackendOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Durable";

    /// <summary>The backend.</summary>
    public DurableBackend Backend { get; init; } = DurableBackend.Sqlite;

    /// <summary>The Azure Storage settings (used when <see cref="Backend"/> is <see cref="DurableBackend.AzureStorage"/>).</summary>
    public AzureStorageBackendOptions AzureStorage { get; init; } = new();

    /// <summary>
    /// Reads <c>Durable:*</c> from <paramref name="configuration"/> (the root). With the Azure Storage backend every
    /// setting is checked, unknown keys under <c>Durable:AzureStorage</c> included; a missing worker id is allowed
    /// when <paramref name="requireWorkerId"/> is false (the host derives one).
    /// </summary>
    /// <exception cref="DurableConfigurationException">A bad value; the message names every bad key and never quotes the connection string.</exception>
    public static DurableBackendOptions FromConfiguration(IConfiguration configuration, bool requireWorkerId = false)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection section = configuration.GetSection(SectionName);
        DurableBackend backend = DurableBackend.Sqlite;
        if (section["Backend"] is { Length: > 0 } text
            && (!Enum.TryParse(text.Trim(), ignoreCase: true, out backend) || !Enum.IsDefined(backend) || text.Trim().All(char.IsAsciiDigit)))
        {
            throw new DurableConfigurationException($"Durable:Backend: '{text}' is not a backend; use Sqlite (one process, the default) or AzureStorage (processes sharing a task hub).");
        }

        if (backend != DurableBackend.AzureStorage)
        {
            return new DurableBackendOptions { Backend = backend };
        }

        var errors = new List<string>();
        IConfigurationSection azure = configuration.GetSection(AzureStorageBackendOptions.SectionName);
        var known = typeof(AzureStorageBackendOptions).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (IConfigurationSection child in azure.GetChildren())
        {
            if (!known.Contains(child.Key))
            {
                errors.Add($"{AzureStorageBackendOptions.SectionName}:{child.Key} is not a setting; the settings are {string.Join(", ", known.Order(StringComparer.Ordinal))}.");
            }
        }

        var options = new AzureStorageBackendOptions
        {
            ConnectionString = Blank(azure[nameof(AzureStorageBackendOptions.ConnectionString)]),
            AccountName = Blank(azure[nameof(AzureStorageBackendOptions.AccountName)]),
            ManagedIdentityClientId = Blank(azure[nameof(AzureStorageBackendOptions.ManagedIdentityClientId)]),
            TaskHub = Blank(azure[nameof(AzureStorageBackendOptions.TaskHub)]),
            WorkerId = Blank(azure[nameof(AzureStorageBackendOptions.WorkerId)]),
        };
        options.PartitionCount = Int(azure, nameof(options.PartitionCount), options.PartitionCount, errors);
        options.WorkItemVisibilitySeconds = Number(azure, nameof(options.WorkItemVisibilitySeconds), options.WorkItemVisibilitySeconds, errors);
        options.ControlQueueVisibilitySeconds = Number(azure, nameof(options.ControlQueueVisibilitySeconds), options.ControlQueueVisibilitySeconds, errors);
        options.MaxPollingIntervalSeconds = Number(azure, nameof(options.MaxPollingIntervalSeconds), options.MaxPollingIntervalSeconds, errors);
        options.MaxConcurrentActivities = Int(azure, nameof(options.MaxConcurrentActivities), options.MaxConcurrentActivities, errors);
        options.MaxConcurrentOrchestrations = Int(azure, nameof(options.MaxConcurrentOrchestrations), options.MaxConcurrentOrchestrations, errors);
        errors.AddRange(options.Validate(requireWorkerId));
        if (errors.Count > 0)
        {
            throw new DurableConfigurationException(string.Join(" ", errors.Distinct(StringComparer.Ordinal)));
        }

        return new DurableBackendOptions { Backend = backend, AzureStorage = options };
    }

    /// <inheritdoc />
    public override string ToString() => Backend == DurableBackend.AzureStorage ? $"AzureStorage ({AzureStorage})" : Backend.ToString();

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Int(IConfigurationSection section, string key, int fallback, List<string> errors)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int value))
        {
            return value;
        }

        errors.Add($"{AzureStorageBackendOptions.Key(key)}: '{text}' is not a whole number.");
        return fallback;
    }

    private static double Number(IConfigurationSection section, string key, double fallback, List<string> errors)
    {
        if (section[key] is not { Length: > 0 } text)
        {
            return fallback;
        }

        if (double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double value) && double.IsFinite(value))
        {
            return value;
        }

        errors.Add($"{AzureStorageBackendOptions.Key(key)}: '{text}' is not a number of seconds.");
        return fallback;
    }
}
