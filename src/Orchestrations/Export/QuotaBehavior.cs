namespace MarketoExport.Orchestrations.Export;

/// <summary>What an export does when Marketo's daily export quota or daily call quota is used up.</summary>
public enum QuotaBehavior
{
    /// <summary>End the object with "quota exhausted, resumes at …"; the next run continues from the checkpoint.</summary>
    Stop,

    /// <summary>Wait on a durable timer until the quota resets (midnight America/Chicago), then continue.</summary>
    Wait,
}
