namespace MarketoExport.Marketo.CustomObjects;

/// <summary>Which version of a custom object type a schema call reads.</summary>
public enum CustomObjectTypeState
{
    /// <summary>The draft.</summary>
    Draft,

    /// <summary>The approved (live) version.</summary>
    Approved,

    /// <summary>Approved with a pending draft.</summary>
    ApprovedWithDraft,
}
