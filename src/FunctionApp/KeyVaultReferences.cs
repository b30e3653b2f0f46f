using Microsoft.Extensions.Configuration;

namespace MarketoExport.FunctionApp;

/// <summary>
/// App settings that still read <c>@Microsoft.KeyVault(…)</c> at start-up: the platform could not resolve the Key Vault
/// reference (secret missing, role not yet propagated, wrong identity), so the literal text reached the app. A
/// required secret used as text fails only later (the Marketo login), so the app refuses to start naming the
/// setting; an optional feature's secret (the alert webhook) disables that feature instead.
/// </summary>
public static class KeyVaultReferences
{
    /// <summary>The prefix of an unresolved reference.</summary>
    public const string Prefix = "@Microsoft.KeyVault(";

    /// <summary>Settings whose feature is switched off, not fatal, when their reference is unresolved.</summary>
    public static IReadOnlyList<string> Optional { get; } = ["Export:AlertWebhookUrl"];

    /// <summary>The configuration keys whose value is an unresolved reference, split into fatal and optional.</summary>
    public static (IReadOnlyList<string> Fatal, IReadOnlyList<string> Optional) Find(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var fatal = new List<string>();
        var optional = new List<string>();
        foreach ((string key, string? value) in configuration.AsEnumerable())
        {
            if (value is not null && value.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase))
            {
                (Optional.Contains(key, StringComparer.OrdinalIgnoreCase) ? optional : fatal).Add(key);
            }
        }

        fatal.Sort(StringComparer.Ordinal);
        optional.Sort(StringComparer.Ordinal);
        return (fatal, optional);
    }

    /// <summary>
    /// The start-up rule: throws naming every required setting still holding a reference; removes each optional one
    /// from <paramref name="configuration"/> (its feature is then off, and its validation does not fail the app) and
    /// returns those keys for <see cref="DisabledMessage"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">A required setting holds an unresolved reference.</exception>
    public static IReadOnlyList<string> Enforce(IConfigurationManager configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        (IReadOnlyList<string> fatal, IReadOnlyList<string> optional) = Find(configuration);
        if (FatalMessage(fatal) is { } refusal)
        {
            throw new InvalidOperationException(refusal);
        }

        if (optional.Count > 0)
        {
            configuration.AddInMemoryCollection(optional.Select(k => new KeyValuePair<string, string?>(k, null)));
        }

        return optional;
    }

    /// <summary>The error logged at start-up for the optional settings <see cref="Enforce"/> switched off.</summary>
    public static string DisabledMessage(IReadOnlyList<string> optional)
    {
        ArgumentNullException.ThrowIfNull(optional);
        return $"App setting(s) {string.Join(", ", optional.Select(k => k.Replace(":", "__", StringComparison.Ordinal)))} hold an unresolved Key Vault reference; "
            + "alerts are off until the secret resolves (check the secret in the vault and the app's role on it, then restart the app). The export runs.";
    }

    /// <summary>The start-up error for unresolved required references (null when there are none).</summary>
    public static string? FatalMessage(IReadOnlyList<string> fatal)
    {
        ArgumentNullException.ThrowIfNull(fatal);
        if (fatal.Count == 0)
        {
            return null;
        }

        string names = string.Join(", ", fatal.Select(k => k.Replace(":", "__", StringComparison.Ordinal)));
        return $"App setting(s) {names} still hold an unresolved Key Vault reference ({Prefix}…): the platform could not read the secret. "
            + "Check that the secret exists in the vault, that the app's managed identity has 'Key Vault Secrets User' on it (role assignments can "
            + "take minutes to apply), and that keyVaultReferenceIdentity names that identity; then restart the app. The app does not start with them.";
    }
}
