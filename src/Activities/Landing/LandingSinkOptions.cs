using Microsoft.Extensions.Configuration;

namespace MarketoExport.Activities.Landing;

/// <summary>
/// The <c>Landing</c> configuration section: <c>Landing:Kind</c> (<c>folder</c> | <c>blob</c>), <c>Landing:Folder</c>,
/// and <c>Landing:Blob:ConnectionString</c> | <c>Landing:Blob:AccountUrl</c> (+ <c>Landing:Blob:ClientId</c>),
/// <c>Landing:Blob:Container</c>.
/// </summary>
public sealed record LandingSinkOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Landing";

    /// <summary>The message when the folder sink has no folder (no <c>Landing:Folder</c> and no caller default).</summary>
    public const string FolderMissingMessage =
        "Landing:Folder is missing (Landing:Kind is 'folder', the default): set Landing:Folder to the folder the files land in "
        + "(e.g. ./landing), or set Landing:Kind=blob with Landing:Blob:AccountUrl (or Landing:Blob:ConnectionString) and Landing:Blob:Container.";

    /// <summary>Which sink; <see cref="LandingKind.Folder"/> when unset.</summary>
    public LandingKind Kind { get; init; } = LandingKind.Folder;

    /// <summary>The landing folder for <see cref="LandingKind.Folder"/>; null for the caller's default.</summary>
    public string? Folder { get; init; }

    /// <summary>The blob settings for <see cref="LandingKind.Blob"/>.</summary>
    public BlobLandingOptions Blob { get; init; } = new();

    /// <summary>Reads the <c>Landing</c> section. An unknown <c>Landing:Kind</c> throws <see cref="LandingConfigurationException"/>.</summary>
    public static LandingSinkOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        IConfigurationSection landing = configuration.GetSection(SectionName);
        IConfigurationSection blob = landing.GetSection("Blob");
        string? kind = Trimmed(landing["Kind"]);
        return new LandingSinkOptions
        {
            Kind = kind?.ToUpperInvariant() switch
            {
                null or "FOLDER" => LandingKind.Folder,
                "BLOB" => LandingKind.Blob,
                _ => throw new LandingConfigurationException(
                    $"Landing:Kind is '{kind}'; use 'folder' (a local folder) or 'blob' (an Azure Blob Storage container)."),
            },
            Folder = Trimmed(landing["Folder"]),
            Blob = new BlobLandingOptions
            {
                ConnectionString = Trimmed(blob["ConnectionString"]),
                AccountUrl = Trimmed(blob["AccountUrl"]),
                Container = Trimmed(blob["Container"]),
                ClientId = Trimmed(blob["ClientId"]),
            },
        };
    }

    /// <summary>Every problem with these settings, each naming the key and the fix; empty when they are usable.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Kind != LandingKind.Blob)
        {
            return errors;
        }

        BlobLandingOptions b = Blob;
        if (b.ConnectionString is null && b.AccountUrl is null)
        {
            errors.Add("Landing:Kind is 'blob' but neither Landing:Blob:ConnectionString nor Landing:Blob:AccountUrl is set. "
                + "Set Landing:Blob:AccountUrl (https://<account>.blob.core.windows.net/, signed in with a managed identity or "
                + "DefaultAzureCredential) or Landing:Blob:ConnectionString (e.g. UseDevelopmentStorage=true for Azurite).");
        }
        else if (b.ConnectionString is not null && b.AccountUrl is not null)
        {
            errors.Add("Landing:Blob:ConnectionString and Landing:Blob:AccountUrl are both set; keep one "
                + "(the connection string for Azurite or a shared key, the account URL for a managed identity).");
        }
        else if (b.AccountUrl is not null
            && (!Uri.TryCreate(b.AccountUrl, UriKind.Absolute, out Uri? url) || url.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"Landing:Blob:AccountUrl '{b.AccountUrl}' is not an absolute https URL; "
                + "use the blob endpoint, e.g. https://<account>.blob.core.windows.net/ (tokens are only sent over https).");
        }

        if (b.ClientId is not null && b.AccountUrl is null)
        {
            errors.Add("Landing:Blob:ClientId is set but Landing:Blob:AccountUrl is not; the managed identity is used only with the account URL.");
        }

        if (b.Container is null)
        {
            errors.Add("Landing:Blob:Container is missing; set it to the landing container's name (e.g. marketo-landing).");
        }
        else if (!IsValidContainerName(b.Container))
        {
            errors.Add($"Landing:Blob:Container '{b.Container}' is not a valid container name: use 3-63 lowercase letters, "
                + "digits and hyphens, starting with a letter or digit, without two hyphens in a row (e.g. marketo-landing).");
        }

        return errors;
    }

    /// <summary>The service's container name rule.</summary>
    public static bool IsValidContainerName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.Length is >= 3 and <= 63
            && char.IsAsciiLetterOrDigit(name[0])
            && char.IsAsciiLetterOrDigit(name[^1])
            && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')
            && !name.Contains("--", StringComparison.Ordinal);
    }

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
