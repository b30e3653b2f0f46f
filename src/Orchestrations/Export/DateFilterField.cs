namespace MarketoExport.Orchestrations.Export;

/// <summary>The date field an export job filters on.</summary>
public enum DateFilterField
{
    /// <summary>Records changed in the window (leads, program members, custom objects).</summary>
    UpdatedAt,

    /// <summary>Records created in the window (activities; leads when updatedAt is unsupported, 1035).</summary>
    CreatedAt,
}
