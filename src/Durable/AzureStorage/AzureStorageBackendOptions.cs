using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace MarketoExport.Durable.AzureStorage;

/// <summary>
/// Settings of the Azure Storage backend (DurableTask.AzureStorage): where the task hub lives, which task hub,
/// this worker's id, and the timings that decide how fast a crashed worker's work runs again. Every property is a
/// configuration key under <see cref="SectionName"/> (<c>Durable:AzureStorage:TaskHub</c>, environment variable
/// <c>Durable__AzureStorage__TaskHub</c>). Checked by <see cref="Validate"/>; the connection string never appears in
/// a message or in <see cref="ToString"/>.
/// </summary>
public sealed class AzureStorageBackendOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Durable:AzureStorage";

    /// <summary>Azurite's documented development storage connection string (public, not a secret).</summary>
    public const string DevelopmentStorageConnectionString = "UseDevelopmentStorage=true";

    /// <summary>
    /// A storage account connection string (a secret: it carries the account key). Either this or
    /// <see cref="AccountName"/>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>
    /// The storage account name, reached with <c>DefaultAzureCredential</c> (a managed identity on Azure, the
    /// developer's sign-in elsewhere); used when <see cref="ConnectionString"/> is not set. The identity needs the
    /// Storage Blob, Queue and Table Data Contributor roles on the account.
    /// </summary>
    public string? AccountName { get; set; }

    /// <summary>The client id of a user-assigned managed identity, with <see cref="AccountName"/>; null for the system-assigned one or a developer sign-in.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>
    /// The task hub every worker of one deployment shares: 3–45 letters and digits, starting with a letter (the
    /// rule of infra/bicep's <c>taskHubName</c>). Queues, tables and containers are named after it. Required: give
    /// the local workers their own hub, not the Function App's.
    /// </summary>
    public string? TaskHub { get; set; }

    /// <summary>
    /// This worker's id in the task hub's partition table. It must be stable across restarts (a restarted worker
    /// with the same id takes its partitions back at once; a new id waits for the old owner's leases to expire) and
    /// distinct between live workers. Null: the host derives it (see <see cref="DefaultWorkerId"/>).
    /// </summary>
    public string? WorkerId { get; set; }

    /// <summary>Control queues (partitions) of the task hub, 1–16. Fixed when the hub is created; later values are ignored.</summary>
    /// <value>Default 4: up to 4 workers share orchestration work; activities are shared by any number.</value>
    public int PartitionCount { get; set; } = 4;

    /// <summary>
    /// Seconds an activity message stays invisible once a worker takes it. DurableTask.Core renews it every 5 s
    /// while the activity runs, so a live activity keeps it; if the worker dies, the activity runs again elsewhere
    /// after at most this long. 10–600.
    /// </summary>
    /// <value>Default 15 (DurableTask.AzureStorage's default of 300 makes a crashed step wait 5 minutes).</value>
    public double WorkItemVisibilitySeconds { get; set; } = 15;

    /// <summary>
    /// Seconds orchestration (control queue) messages stay invisible once taken; a crashed worker's orchestration
    /// turn runs again after at most this long. 10–600.
    /// </summary>
    /// <value>Default 15.</value>
    public double ControlQueueVisibilitySeconds { get; set; } = 15;

    /// <summary>
    /// Longest wait between two polls of an empty queue (polling backs off up to it). Shorter: work is noticed
    /// sooner, at the cost of more storage transactions while idle. 0.1–60.
    /// </summary>
    /// <value>Default 5 (DurableTask.AzureStorage's default is 30).</value>
    public double MaxPollingIntervalSeconds { get; set; } = 5;

    /// <summary>Activities this worker runs at once, 1–1000.</summary>
    /// <value>
    /// Default 10, as the SQLite backend. Each worker process also has its own Marketo call governor (10 concurrent
    /// calls, 100 per 20 s): several workers together can exceed Marketo's per-instance limits, which the client
    /// then meets as 606/615 answers and retries.
    /// </value>
    public int MaxConcurrentActivities { get; set; } = 10;

    /// <summary>Orchestration turns this worker runs at once, 1–1000.</summary>
    /// <value>Default 10, as the SQLite backend.</value>
    public int MaxConcurrentOrchestrations { get; set; } = 10;

    /// <summary>A copy of these settings (to fill in a derived <see cref="WorkerId"/> without changing the configured ones).</summary>
    public AzureStorageBackendOptions Copy() => (AzureStorageBackendOptions)MemberwiseClone();

    /// <summary>
    /// A worker id that is stable for one deployment of the command line: the machine name and a short hash of
    /// the state folder's full path (two processes on one machine need different state folders, so they get
    /// different ids; the same process restarted gets the same id).
    /// </summary>
    /// <param name="stateDirectory">The process's state folder.</param>
    public static string DefaultWorkerId(string stateDirectory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateDirectory);
        string full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(stateDirectory));
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(full)))[..8];
        return $"{Environment.MachineName}-{hash}";
    }

    /// <summary>True when <paramref name="name"/> is a valid task hub name: 3–45 letters and digits, starting with a letter.</summary>
    public static bool IsValidTaskHub(string? name)
        => name is { Length: >= 3 and <= 45 } && char.IsAsciiLetter(name[0]) && name.All(char.IsAsciiLetterOrDigit);

    /// <summary>
    /// Every problem with these settings, each naming its configuration key and the fix; empty when they are usable.
    /// Values of <see cref="ConnectionString"/> are never quoted.
    /// </summary>
    /// <param name="requireWorkerId">True when <see cref="WorkerId"/> must be set (no host derives it).</param>
    public IReadOnlyList<string> Validate(bool requireWorkerId = false)
    {
        var errors = new List<string>();
        bool hasConnection = !string.IsNullOrWhiteSpace(ConnectionString);
        bool hasAccount = !string.IsNullOrWhiteSpace(AccountName);
        if (hasConnection == hasAccount)
        {
            errors.Add(hasConnection
                ? $"{Key(nameof(ConnectionString))} and {Key(nameof(AccountName))} are both set; set one: the connection string, or the account name (reached with a managed identity)."
                : $"{Key(nameof(ConnectionString))} (or {Key(nameof(AccountName))} with a managed identity) is required with Durable:Backend=AzureStorage; "
                    + $"for Azurite use \"{DevelopmentStorageConnectionString}\".");
        }

        if (hasConnection && !LooksLikeConnectionString(ConnectionString!))
        {
            errors.Add($"{Key(nameof(ConnectionString))} is not a storage connection string (expected AccountName=…;AccountKey=… or {DevelopmentStorageConnectionString}); the value is not shown because it may hold a key.");
        }

        if (hasAccount && !IsValidAccountName(AccountName!))
        {
            errors.Add($"{Key(nameof(AccountName))}: '{AccountName}' is not a storage account name (3–24 lowercase letters and digits).");
        }

        if (!string.IsNullOrWhiteSpace(ManagedIdentityClientId))
        {
            if (!hasAccount)
            {
                errors.Add($"{Key(nameof(ManagedIdentityClientId))} is only used with {Key(nameof(AccountName))}; set the account name, or remove the client id.");
            }
            else if (!Guid.TryParse(ManagedIdentityClientId, out _))
            {
                errors.Add($"{Key(nameof(ManagedIdentityClientId))}: '{ManagedIdentityClientId}' is not a client id (a GUID).");
            }
        }

        if (string.IsNullOrWhiteSpace(TaskHub))
        {
            errors.Add($"{Key(nameof(TaskHub))} is required with Durable:Backend=AzureStorage: name the task hub every worker of this deployment shares "
                + "(3–45 letters and digits, starting with a letter), not the Function App's.");
        }
        else if (!IsValidTaskHub(TaskHub))
        {
            errors.Add($"{Key(nameof(TaskHub))}: '{TaskHub}' must be 3–45 letters and digits, starting with a letter (no hyphens: Azure Storage names its queues and tables after it).");
        }

        if (WorkerId is not null && (string.IsNullOrWhiteSpace(WorkerId) || WorkerId.Length > 200 || WorkerId.Any(char.IsControl)))
        {
            errors.Add($"{Key(nameof(WorkerId))}: give a stable id of up to 200 printable characters, unique among the live workers of the task hub (or leave it unset: machine name + state folder).");
        }
        else if (WorkerId is null && requireWorkerId)
        {
            errors.Add($"{Key(nameof(WorkerId))} is required: a stable id, unique among the live workers of the task hub, kept across restarts.");
        }

        Range(errors, nameof(PartitionCount), PartitionCount, 1, 16, "partitions (control queues)");
        Range(errors, nameof(WorkItemVisibilitySeconds), WorkItemVisibilitySeconds, 10, 600,
            "seconds; at least 10 because DurableTask.Core renews a running activity's message every 5 s");
        Range(errors, nameof(ControlQueueVisibilitySeconds), ControlQueueVisibilitySeconds, 10, 600, "seconds");
        Range(errors, nameof(MaxPollingIntervalSeconds), MaxPollingIntervalSeconds, 0.1, 60, "seconds");
        Range(errors, nameof(MaxConcurrentActivities), MaxConcurrentActivities, 1, 1000, "activities");
        Range(errors, nameof(MaxConcurrentOrchestrations), MaxConcurrentOrchestrations, 1, 1000, "orchestration turns");
        return errors;
    }

    /// <summary>The settings without the connection string.</summary>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"taskHub={TaskHub} worker={WorkerId ?? "(derived)"} storage={(string.IsNullOrWhiteSpace(ConnectionString) ? "account " + AccountName : "connection string (hidden)")} "
        + $"partitions={PartitionCount} workItemVisibility={WorkItemVisibilitySeconds}s controlVisibility={ControlQueueVisibilitySeconds}s "
        + $"maxPolling={MaxPollingIntervalSeconds}s activities={MaxConcurrentActivities} orchestrations={MaxConcurrentOrchestrations}");

    /// <summary>The configuration key of a property, e.g. <c>Durable:AzureStorage:TaskHub</c>.</summary>
    public static string Key(string property) => SectionName + ":" + property;

    private static void Range(List<string> errors, string property, double value, double min, double max, string unit)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            errors.Add(string.Create(CultureInfo.InvariantCulture, $"{Key(property)}: {value} is out of range; use {min}–{max} {unit}."));
        }
    }

    private static bool LooksLikeConnectionString(string value)
    {
        string trimmed = value.Trim();
        if (trimmed.Equals(DevelopmentStorageConnectionString, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        string[] parts = trimmed.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length > 0 && parts.All(p => p.Contains('=', StringComparison.Ordinal))
            && parts.Any(p => p.StartsWith("AccountName=", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("BlobEndpoint=", StringComparison.OrdinalIgnoreCase)
                || p.StartsWith("QueueEndpoint=", StringComparison.OrdinalIgnoreCase));
    }

    private static bool IsValidAccountName(string name)
        => name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c));
}
