namespace MarketoExport.Marketo.CustomObjects;

/// <summary>Which key identifies custom object records in a sync or delete (<c>dedupeBy</c> / <c>deleteBy</c>).</summary>
public enum CustomObjectKeyType
{
    /// <summary>The type's dedupe fields (<c>dedupeFields</c>).</summary>
    DedupeFields,

    /// <summary>The <c>marketoGUID</c> (<c>idField</c>); sync allows only updateOnly with it.</summary>
    IdField,
}
