namespace MarketoExport.Orchestrations.Export;

/// <summary>
/// A configured object does not exist in Marketo (a custom object's API name that is wrong, or not approved). Not
/// transient: the configuration must change.
/// </summary>
public sealed class ExportObjectNotFoundException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ExportObjectNotFoundException(string message) : base(message)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportObjectNotFoundException()
    {
    }

    /// <summary>Creates the exception.</summary>
    public ExportObjectNotFoundException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
