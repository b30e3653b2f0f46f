namespace MarketoExport.Durable;

/// <summary>Where the durable state lives (configuration key <c>Durable:Backend</c>).</summary>
public enum DurableBackend
{
    /// <summary>This project's SQLite provider: one file, one process (the default).</summary>
    Sqlite = 0,

    /// <summary>DurableTask.AzureStorage: one task hub shared by any number of worker processes.</summary>
    AzureStorage = 1,
}
