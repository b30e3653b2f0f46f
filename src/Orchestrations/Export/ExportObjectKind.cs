namespace MarketoExport.Orchestrations.Export;

/// <summary>The four Marketo bulk-export entity kinds.</summary>
public enum ExportObjectKind
{
    /// <summary>Leads (person records).</summary>
    Leads,

    /// <summary>Lead activities.</summary>
    Activities,

    /// <summary>Program members (needs program ids).</summary>
    ProgramMembers,

    /// <summary>A custom object, named by its API name.</summary>
    CustomObject,
}
