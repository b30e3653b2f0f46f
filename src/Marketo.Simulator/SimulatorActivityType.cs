namespace MarketoExport.Marketo.Simulator;

/// <summary>One row of the activity type table (<c>GET /rest/v1/activities/types.json</c>).</summary>
/// <param name="Id">Activity type id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Description">Description.</param>
/// <param name="PrimaryAttributeName">Primary attribute name, or null.</param>
/// <param name="PrimaryAttributeDataType">Primary attribute data type, or null.</param>
/// <param name="Attributes">Secondary attributes as (name, dataType) pairs; dataType one of string, integer, boolean.</param>
public sealed record SimulatorActivityType(
    int Id,
    string Name,
    string Description,
    string? PrimaryAttributeName,
    string? PrimaryAttributeDataType,
    IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    /// <summary>The default table: a handful of common Marketo activity types.</summary>
    public static IList<SimulatorActivityType> CreateDefaults() =>
    [
        new(1, "Visit Webpage", "User visits a web page", "Webpage ID", "integer",
            [new("Webpage URL", "string"), new("Query Parameters", "string"), new("Client IP Address", "string"), new("User Agent", "string")]),
        new(2, "Fill Out Form", "User fills out and submits a form", "Webform ID", "integer",
            [new("Form Fields", "string"), new("Webpage ID", "integer"), new("Client IP Address", "string")]),
        new(6, "Send Email", "Send a Marketo Email to a person", "Mailing ID", "integer",
            [new("Campaign Run ID", "integer"), new("Step ID", "integer")]),
        new(10, "Open Email", "User opens a Marketo Email", "Mailing ID", "integer",
            [new("Device", "string"), new("Is Mobile Device", "boolean"), new("Platform", "string")]),
        new(12, "New Lead", "New person", null, null,
            [new("Source Type", "string"), new("Form Name", "string")]),
        new(13, "Change Data Value", "Changed attribute value for a person", "Attribute Name", "integer",
            [new("Old Value", "string"), new("New Value", "string"), new("Reason", "string"), new("Source", "string")]),
        new(104, "Change Status in Progression", "Change a person's program status", "Program ID", "integer",
            [new("Old Status", "string"), new("New Status", "string"), new("Reason", "string"), new("Success", "boolean")]),
    ];
}
