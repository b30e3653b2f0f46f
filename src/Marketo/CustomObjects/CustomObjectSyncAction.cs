namespace MarketoExport.Marketo.CustomObjects;

/// <summary>How a custom object sync treats existing and missing records.</summary>
public enum CustomObjectSyncAction
{
    /// <summary>Insert missing records, update existing ones (<c>createOrUpdate</c>).</summary>
    CreateOrUpdate,

    /// <summary>Update existing records only (<c>updateOnly</c>).</summary>
    UpdateOnly,

    /// <summary>Insert missing records only (<c>createOnly</c>).</summary>
    CreateOnly,
}
