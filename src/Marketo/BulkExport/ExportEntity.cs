using System.Diagnostics.CodeAnalysis;

namespace MarketoExport.Marketo.BulkExport;

/// <summary>
/// What a bulk export job extracts: leads, activities, program members or one custom object type.
/// Knows its URL segment under <c>/bulk/v1</c> and a stable name for checkpoints
/// (<c>leads</c>, <c>activities</c>, <c>programMembers</c>, <c>customObject:&lt;apiName&gt;</c>) that
/// <see cref="Parse"/> reads back.
/// </summary>
public readonly record struct ExportEntity
{
    private const string CustomObjectPrefix = "customObject:";

    private ExportEntity(ExportEntityKind kind, string? customObjectApiName)
    {
        Kind = kind;
        CustomObjectApiName = customObjectApiName;
    }

    /// <summary>Leads.</summary>
    public static ExportEntity Leads { get; } = new(ExportEntityKind.Leads, null);

    /// <summary>Activities.</summary>
    public static ExportEntity Activities { get; } = new(ExportEntityKind.Activities, null);

    /// <summary>Program members.</summary>
    public static ExportEntity ProgramMembers { get; } = new(ExportEntityKind.ProgramMembers, null);

    /// <summary>The kind of entity.</summary>
    public ExportEntityKind Kind { get; }

    /// <summary>The custom object API name when <see cref="Kind"/> is <see cref="ExportEntityKind.CustomObject"/>, otherwise null.</summary>
    public string? CustomObjectApiName { get; }

    /// <summary>The path segment after <c>/bulk/v1/</c>, e.g. <c>program/members</c> or <c>customobjects/car_c</c>.</summary>
    public string PathSegment => Kind switch
    {
        ExportEntityKind.Leads => "leads",
        ExportEntityKind.Activities => "activities",
        ExportEntityKind.ProgramMembers => "program/members",
        ExportEntityKind.CustomObject => "customobjects/" + Uri.EscapeDataString(CustomObjectApiName ?? string.Empty),
        _ => throw new InvalidOperationException($"Unknown export entity kind {Kind}."),
    };

    /// <summary>The stable name used in checkpoints and logs; the inverse of <see cref="Parse"/>.</summary>
    public string Name => Kind switch
    {
        ExportEntityKind.Leads => "leads",
        ExportEntityKind.Activities => "activities",
        ExportEntityKind.ProgramMembers => "programMembers",
        ExportEntityKind.CustomObject => CustomObjectPrefix + CustomObjectApiName,
        _ => throw new InvalidOperationException($"Unknown export entity kind {Kind}."),
    };

    /// <summary>Custom object records of the type with API name <paramref name="apiName"/>.</summary>
    /// <param name="apiName">The custom object API name, e.g. <c>car_c</c>.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="ArgumentException">The name is empty or contains characters other than letters, digits and underscore.</exception>
    public static ExportEntity CustomObject(string apiName)
    {
        if (!IsValidApiName(apiName))
        {
            throw new ArgumentException(
                $"'{apiName}' is not a custom object API name: use letters, digits and underscore only (e.g. car_c).",
                nameof(apiName));
        }

        return new ExportEntity(ExportEntityKind.CustomObject, apiName);
    }

    /// <summary>Reads a name produced by <see cref="Name"/> (case-insensitive for the fixed names).</summary>
    /// <param name="value">The name, e.g. <c>leads</c> or <c>customObject:car_c</c>.</param>
    /// <returns>The entity.</returns>
    /// <exception cref="FormatException">The value names no export entity.</exception>
    public static ExportEntity Parse(string value) =>
        TryParse(value, out var entity)
            ? entity
            : throw new FormatException(
                $"'{value}' is not an export entity. Use leads, activities, programMembers or customObject:<apiName>.");

    /// <summary>Tries to read a name produced by <see cref="Name"/>.</summary>
    /// <param name="value">The name.</param>
    /// <param name="entity">The entity when the result is true.</param>
    /// <returns>Whether the value names an export entity.</returns>
    public static bool TryParse([NotNullWhen(true)] string? value, out ExportEntity entity)
    {
        entity = default;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        if (value.StartsWith(CustomObjectPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var apiName = value[CustomObjectPrefix.Length..];
            if (!IsValidApiName(apiName))
            {
                return false;
            }

            entity = new ExportEntity(ExportEntityKind.CustomObject, apiName);
            return true;
        }

        switch (value.ToLowerInvariant())
        {
            case "leads":
                entity = Leads;
                return true;
            case "activities":
                entity = Activities;
                return true;
            case "programmembers":
                entity = ProgramMembers;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Returns <see cref="Name"/>.</summary>
    /// <returns>The stable name.</returns>
    public override string ToString() => Name;

    private static bool IsValidApiName(string? apiName) =>
        !string.IsNullOrEmpty(apiName) && apiName.All(c => char.IsAsciiLetterOrDigit(c) || c == '_');
}
