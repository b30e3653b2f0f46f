namespace MarketoExport.Management.Plan;

/// <summary>How the caller spells the plan's inputs, so a refusal names the option or field the user typed.</summary>
/// <param name="Objects">The objects option or field.</param>
/// <param name="Since">The since option or field.</param>
/// <param name="Until">The until option or field.</param>
/// <param name="AllowLargeBackfill">The option or field that accepts a plan over the daily call quota.</param>
/// <param name="ProgramIds">The option or setting that lists program ids for program members.</param>
public sealed record PlanFieldNames(string Objects, string Since, string Until, string AllowLargeBackfill, string ProgramIds)
{
    /// <summary>The option or setting of the instance's daily API call quota.</summary>
    public string DailyCallQuota { get; init; } = "Export:DailyCallQuota";

    /// <summary>The command line's options (each also a configuration key).</summary>
    public static PlanFieldNames Cli { get; } = new("--objects (Export:Objects)", "--since (Export:Since)", "--until (Export:Until)", "--allow-large-backfill (Export:AllowLargeBackfill)", "--program-ids (Export:ProgramIds)")
    {
        DailyCallQuota = "--daily-call-quota (Export:DailyCallQuota)",
    };

    /// <summary>The HTTP start body's fields.</summary>
    public static PlanFieldNames Json { get; } = new("'objects'", "'since'", "'until'", "'allowLargeBackfill'", "Export:ProgramIds on the server");

    /// <summary>The Function App's settings (the schedule has no body).</summary>
    public static PlanFieldNames Settings { get; } = new("Export__Objects", "Export__Since", "Export__Until", "Export__AllowLargeBackfill", "Export__ProgramIds")
    {
        DailyCallQuota = "Export__DailyCallQuota",
    };
}
