using MarketoExport.Marketo;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Orchestrations.Export;
using Microsoft.DurableTask;

namespace MarketoExport.Activities;

/// <summary>
/// The fields an object exports when none are configured: every field Marketo describes for it (Describe Lead2 for
/// leads, custom fields included; the program member describe; a custom object's describe). One call per object run,
/// recorded in the orchestration's history, so the run keeps the list it started with.
/// </summary>
public sealed class DescribeExportFieldsActivity(IMarketoClient marketo, IActivityEnvironment environment) : TaskActivity<ExportObject, IReadOnlyList<string>>
{
    /// <inheritdoc />
    public override Task<IReadOnlyList<string>> RunAsync(TaskActivityContext context, ExportObject input)
        => RunAsync(input, environment.Stopping);

    /// <summary>The activity body, with the token that stops it when the host shuts down.</summary>
    /// <exception cref="ExportObjectNotFoundException">A custom object that Marketo does not have.</exception>
    public async Task<IReadOnlyList<string>> RunAsync(ExportObject input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        switch (input.Kind)
        {
            case ExportObjectKind.Leads:
                return Names((await marketo.DescribeLeadFieldsAsync(cancellationToken).ConfigureAwait(false)).Fields.Select(f => f.Name));
            case ExportObjectKind.ProgramMembers:
                return Names((await marketo.DescribeProgramMemberFieldsAsync(cancellationToken).ConfigureAwait(false)).Fields.Select(f => f.Name));
            case ExportObjectKind.CustomObject:
                CustomObjectMetadata meta = await marketo.DescribeCustomObjectAsync(input.CustomObjectName!, cancellationToken).ConfigureAwait(false)
                    ?? throw new ExportObjectNotFoundException(
                        $"custom object '{input.CustomObjectName}' does not exist in Marketo (or is not approved); check its API name in --objects (Export:Objects).");
                return Names(meta.Fields.Select(f => f.Name));
            default:
                // Activities export a fixed column set; the orchestrator never asks.
                return [];
        }
    }

    private static List<string> Names(IEnumerable<string> names) => names.Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal).ToList();
}
