namespace MarketoExport.Marketo.Simulator;

/// <summary>How a bulk export of a custom object type that has no link to leads behaves (Adobe does not say).</summary>
public enum StandaloneCustomObjectExportMode
{
    /// <summary>Create is rejected with 1003 (Bulk CO extract only exports records linked to leads).</summary>
    Reject,

    /// <summary>Create is accepted; an <c>updatedAt</c> filter exports the records updated in the window.</summary>
    ExportByUpdatedAt,
}
