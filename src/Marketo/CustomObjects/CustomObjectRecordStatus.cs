namespace MarketoExport.Marketo.CustomObjects;

/// <summary>The outcome of one record of a custom object sync or delete.</summary>
public enum CustomObjectRecordStatus
{
    /// <summary>A status this client does not know.</summary>
    Unknown,

    /// <summary>Inserted.</summary>
    Created,

    /// <summary>Updated.</summary>
    Updated,

    /// <summary>Deleted.</summary>
    Deleted,

    /// <summary>Not written; see <see cref="CustomObjectRecordResult.Reasons"/>.</summary>
    Skipped,
}
