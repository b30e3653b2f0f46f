namespace MarketoExport.Marketo.BulkExport;

/// <summary>The four kinds of data the Bulk Export API can extract.</summary>
public enum ExportEntityKind
{
    /// <summary>Leads (<c>/bulk/v1/leads</c>).</summary>
    Leads,

    /// <summary>Activities (<c>/bulk/v1/activities</c>).</summary>
    Activities,

    /// <summary>Program members (<c>/bulk/v1/program/members</c>).</summary>
    ProgramMembers,

    /// <summary>Records of one custom object type (<c>/bulk/v1/customobjects/{apiName}</c>).</summary>
    CustomObject,
}
