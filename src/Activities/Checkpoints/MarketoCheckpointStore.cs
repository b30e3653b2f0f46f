using System.Globalization;
using System.Text.Json.Nodes;
using MarketoExport.Marketo;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Errors;
using MarketoExport.Orchestrations.Export;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MarketoExport.Activities.Checkpoints;

/// <summary>
/// Checkpoints as records of a standalone Marketo custom object (default API name
/// <see cref="ExportActivityOptions.DefaultCheckpointObject"/>), one per exported object, deduplicated on
/// <see cref="CheckpointFields.ObjectName"/>. Read with the CO query API, written with CO sync (createOrUpdate).
/// </summary>
public sealed class MarketoCheckpointStore(IMarketoClient marketo, IOptions<ExportActivityOptions> options, ILogger<MarketoCheckpointStore> logger) : ICheckpointStore
{
    private string ApiName => options.Value.CheckpointObject;

    /// <inheritdoc />
    public async Task<ExportCheckpoint> ReadAsync(string objectName, CancellationToken cancellationToken)
    {
        IReadOnlyList<ExportCheckpoint> found = await ReadManyAsync([objectName], cancellationToken).ConfigureAwait(false);
        return found.FirstOrDefault(c => c.ObjectName == objectName) ?? new ExportCheckpoint(objectName);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExportCheckpoint>> ReadManyAsync(IReadOnlyList<string> objectNames, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(objectNames);
        if (objectNames.Count == 0)
        {
            return [];
        }

        CustomObjectQueryResult result;
        try
        {
            result = await marketo.QueryCustomObjectsAsync(
                ApiName,
                new CustomObjectQuery(CheckpointFields.ObjectName, objectNames) { Fields = CheckpointFields.All.Select(f => f.Name).ToList() },
                cancellationToken).ConfigureAwait(false);
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.ObjectNotFound || ex.Code == MarketoErrorCode.NotFound)
        {
            throw Missing(ex);
        }
        catch (MarketoHttpException ex) when (ex.StatusCode == 404)
        {
            throw Missing(ex);
        }

        return result.Records.Select(Parse).ToList();
    }

    /// <inheritdoc />
    public async Task WriteAsync(ExportCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var record = new JsonObject
        {
            [CheckpointFields.ObjectName] = checkpoint.ObjectName,
            [CheckpointFields.HighWaterMark] = Format(checkpoint.HighWaterMark),
            [CheckpointFields.LastFileName] = checkpoint.LastFileName,
            [CheckpointFields.LastFileRecords] = checkpoint.LastFileRecords,
            [CheckpointFields.LastIngestedAt] = Format(checkpoint.LastIngestedAt),
            [CheckpointFields.EpochStartedAt] = Format(checkpoint.EpochStartedAt),
            [CheckpointFields.EpochRecords] = checkpoint.EpochRecords,
            [CheckpointFields.InFlightExportId] = checkpoint.InFlightExportId,
            [CheckpointFields.InFlightWindowStart] = Format(checkpoint.InFlightWindowStart),
            [CheckpointFields.InFlightWindowEnd] = Format(checkpoint.InFlightWindowEnd),
        };

        IReadOnlyList<CustomObjectRecordResult> results;
        try
        {
            results = await marketo.SyncCustomObjectsAsync(ApiName, [record], CustomObjectSyncAction.CreateOrUpdate, CustomObjectKeyType.DedupeFields, cancellationToken)
                .ConfigureAwait(false);
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.ObjectNotFound || ex.Code == MarketoErrorCode.NotFound)
        {
            throw Missing(ex);
        }

        CustomObjectRecordResult? r = results.Count > 0 ? results[0] : null;
        if (r is null || r.Status is not (CustomObjectRecordStatus.Created or CustomObjectRecordStatus.Updated))
        {
            string reasons = r is null ? "no result" : string.Join("; ", r.Reasons.Select(x => $"{x.Code} {x.Message}"));
            throw new CheckpointStoreException(
                $"Marketo did not save the checkpoint of '{checkpoint.ObjectName}' in custom object '{ApiName}' (status {r?.Status}: {reasons}). "
                + "Nothing was advanced; check the object's fields (run `provision`) and the API user's Read-Write Custom Object permission.");
        }
    }

    /// <inheritdoc />
    public async Task<string> ProvisionAsync(CancellationToken cancellationToken)
    {
        CustomObjectMetadata? existing = await marketo.DescribeCustomObjectTypeAsync(ApiName, null, cancellationToken).ConfigureAwait(false);
        string action;
        if (existing is null)
        {
            await marketo.CreateOrUpdateCustomObjectTypeAsync(
                new CustomObjectTypeDefinition(ApiName, "Marketo Export Checkpoint")
                {
                    PluralName = "Marketo Export Checkpoints",
                    Description = "Per-object high-water marks of the Marketo Durable Export (one record per exported object).",
                },
                cancellationToken).ConfigureAwait(false);
            action = "created";
        }
        else if (string.Equals(existing.State, "approved", StringComparison.OrdinalIgnoreCase)
            && CheckpointFields.All.All(f => existing.Fields.Any(x => string.Equals(x.Name, f.Name, StringComparison.OrdinalIgnoreCase))))
        {
            Log.Provisioned(logger, ApiName, "already exists and is approved");
            return $"custom object '{ApiName}' already exists and is approved";
        }
        else
        {
            action = "completed";
        }

        var missing = CheckpointFields.All
            .Where(f => existing is null || !existing.Fields.Any(x => string.Equals(x.Name, f.Name, StringComparison.OrdinalIgnoreCase)))
            .Select(f => new CustomObjectFieldDefinition(f.Name, f.DisplayName, f.DataType) { IsDedupeField = f.Name == CheckpointFields.ObjectName ? true : null })
            .ToList();
        if (missing.Count > 0)
        {
            await marketo.AddCustomObjectFieldsAsync(ApiName, missing, cancellationToken).ConfigureAwait(false);
        }

        await marketo.ApproveCustomObjectTypeAsync(ApiName, cancellationToken).ConfigureAwait(false);
        string message = $"custom object '{ApiName}' {action} and approved ({missing.Count} field(s) added)";
        Log.Provisioned(logger, ApiName, message);
        return message;
    }

    private CheckpointStoreException Missing(Exception inner) => new(
        $"The checkpoint custom object '{ApiName}' does not exist in Marketo (or is not approved). Run `provision` to create it, "
        + "or set --checkpoint-object to an existing one.", inner);

    private ExportCheckpoint Parse(JsonObject record)
    {
        string name = record[CheckpointFields.ObjectName]?.GetValue<string>() ?? string.Empty;
        return new ExportCheckpoint(name)
        {
            HighWaterMark = Date(record, CheckpointFields.HighWaterMark, name),
            LastFileName = Text(record, CheckpointFields.LastFileName),
            LastFileRecords = Number(record, CheckpointFields.LastFileRecords, name),
            LastIngestedAt = Date(record, CheckpointFields.LastIngestedAt, name),
            EpochStartedAt = Date(record, CheckpointFields.EpochStartedAt, name),
            EpochRecords = Number(record, CheckpointFields.EpochRecords, name),
            InFlightExportId = Text(record, CheckpointFields.InFlightExportId),
            InFlightWindowStart = Date(record, CheckpointFields.InFlightWindowStart, name),
            InFlightWindowEnd = Date(record, CheckpointFields.InFlightWindowEnd, name),
        };
    }

    private static string? Text(JsonObject record, string field)
    {
        string? value = record[field]?.ToString();
        return string.IsNullOrWhiteSpace(value) || value == "null" ? null : value;
    }

    private DateTime? Date(JsonObject record, string field, string objectName)
    {
        string? text = Text(record, field);
        if (text is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset value))
        {
            return WindowPlanner.FloorToSecond(value.UtcDateTime);
        }

        throw new CheckpointStoreException(
            $"Checkpoint of '{objectName}' in custom object '{ApiName}' has an unreadable {field} '{text}'. "
            + "Fix the record in Marketo (ISO-8601 UTC, e.g. 2026-01-31T23:59:59Z) or delete it to start over from --since.");
    }

    private long Number(JsonObject record, string field, string objectName)
    {
        string? text = Text(record, field);
        if (text is null)
        {
            return 0;
        }

        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal value)
            ? (long)value
            : throw new CheckpointStoreException($"Checkpoint of '{objectName}' in custom object '{ApiName}' has an unreadable {field} '{text}'.");
    }

    private static string? Format(DateTime? value) => value is { } v ? ExportWindow.Iso(WindowPlanner.FloorToSecond(v)) : null;
}
