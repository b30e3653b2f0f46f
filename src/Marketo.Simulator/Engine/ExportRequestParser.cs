using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using MarketoExport.Marketo.Simulator.CustomObjects;
using MarketoExport.Marketo.Simulator.Data;

namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>
/// Validates a create-export request per entity and turns it into a job. Adobe documents no code for most
/// validation failures; the simulator answers all of them with 1003 and a message naming the problem.
/// </summary>
internal static partial class ExportRequestParser
{
    private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    [GeneratedRegex(@"T\d{2}:\d{2}:\d{2}[\.,]\d", RegexOptions.CultureInvariant)]
    private static partial Regex FractionalSeconds();

    public static ExportJob Parse(string entity, string? apiName, JsonElement body, SimulatorOptions options, SyntheticDataset data, CustomObjectStore customObjects, DateTimeOffset now)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("The request body must be a JSON object");
        }

        var format = body.TryGetProperty("format", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString()!.ToUpperInvariant() : "CSV";
        if (format is not ("CSV" or "TSV" or "SSV"))
        {
            throw Invalid($"Invalid format '{format}'; use CSV, TSV or SSV");
        }

        if (!body.TryGetProperty("filter", out var filter) || filter.ValueKind != JsonValueKind.Object)
        {
            throw Invalid("filter is required: pass a filter object");
        }

        var requestedFields = ReadStrings(body, "fields");
        (Func<string, bool> IsKnown, string Valid, IReadOnlyList<string>? Default) fieldSet = entity switch
        {
            "leads" => (FieldCatalog.LeadFieldNames.Contains, string.Join(",", SyntheticDataset.LeadFields), null),
            "activities" => (SyntheticDataset.ActivityFields.Contains, string.Join(",", SyntheticDataset.ActivityFields), SyntheticDataset.DefaultActivityFields),
            "program/members" => (IsMemberExportField, string.Join(",", SyntheticDataset.MemberFields) + " and any lead field (leads/describe2.json)", null),
            _ => CustomObjectFieldSet(apiName!, customObjects),
        };

        var fields = requestedFields ?? fieldSet.Default ?? throw Invalid($"fields is required for {entity} exports: list the field API names to export");
        if (fields.Count == 0)
        {
            throw Invalid("fields must not be empty");
        }

        foreach (var field in fields)
        {
            if (!fieldSet.IsKnown(field))
            {
                // Adobe documents no code for an unknown export field (§13): 1003 by default, 1006 "Field not found" on request.
                throw options.UnknownFieldErrorCode == "1006"
                    ? new ApiErrorException("1006", $"Field '{field}' not found")
                    : Invalid($"Invalid field '{field}' for {entity} export; valid fields: {fieldSet.Valid}");
            }
        }

        Func<RowSource> source = entity switch
        {
            "leads" => LeadSource(filter, fields, options, data),
            "activities" => ActivitySource(filter, fields, data),
            "program/members" => MemberSource(filter, ref fields, options, data),
            _ => CustomObjectSource(apiName!, filter, fields, options, data, customObjects),
        };

        var header = fields.ToList();
        if (body.TryGetProperty("columnHeaderNames", out var names) && names.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in names.EnumerateObject())
            {
                var index = header.IndexOf(p.Name);
                if (index < 0 || !fields.Contains(p.Name))
                {
                    throw Invalid($"columnHeaderNames key '{p.Name}' is not one of the requested fields");
                }

                header[index] = p.Value.GetString() ?? p.Name;
            }
        }

        return new ExportJob
        {
            ExportId = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture),
            Entity = entity,
            ApiName = apiName,
            Format = format,
            Fields = fields,
            Header = header,
            FilterJson = filter.GetRawText(),
            SourceFactory = source,
            CreatedAt = now,
        };
    }

    private static ApiErrorException Invalid(string message) => new("1003", message);

    private static IReadOnlyList<string>? ReadStrings(JsonElement body, string name)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
        {
            throw Invalid($"{name} must be an array of strings");
        }

        return [.. value.EnumerateArray().Select(v => v.GetString()!)];
    }

    private static List<long>? ReadInts(JsonElement filter, string name, int max)
    {
        if (!filter.TryGetProperty(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.Number))
        {
            throw Invalid($"filter.{name} must be an array of integers");
        }

        var list = value.EnumerateArray().Select(v => v.GetInt64()).ToList();
        if (list.Count == 0 || list.Count > max)
        {
            throw Invalid($"filter.{name} must hold 1 to {max} values");
        }

        return list;
    }

    private static void RejectUnknown(JsonElement filter, string entity, params string[] allowed)
    {
        foreach (var p in filter.EnumerateObject())
        {
            if (!allowed.Contains(p.Name, StringComparer.Ordinal))
            {
                throw Invalid($"Invalid value specified for attribute 'filter': '{p.Name}' is not a {entity} export filter; use one of {string.Join(", ", allowed)}");
            }
        }
    }

    /// <summary>Parses {startAt, endAt}: both required, no milliseconds, endAt ≥ startAt, at most 31 days.</summary>
    internal static (DateTimeOffset Start, DateTimeOffset End) ReadRange(JsonElement filter, string name)
    {
        var range = filter.GetProperty(name);
        if (range.ValueKind != JsonValueKind.Object)
        {
            throw Invalid($"filter.{name} must be an object with startAt and endAt");
        }

        DateTimeOffset Read(string member)
        {
            if (!range.TryGetProperty(member, out var v) || v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            {
                throw Invalid($"filter.{name}.{member} is required");
            }

            var text = v.GetString()!;
            if (FractionalSeconds().IsMatch(text))
            {
                throw Invalid($"filter.{name}.{member} '{text}' has milliseconds; bulk filters take whole seconds");
            }

            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                throw Invalid($"filter.{name}.{member} '{text}' is not an ISO-8601 datetime");
            }

            return parsed;
        }

        var start = Read("startAt");
        var end = Read("endAt");
        if (end < start)
        {
            throw Invalid($"filter.{name}.endAt must not be before startAt");
        }

        if (end - start > MaxWindow)
        {
            throw Invalid($"filter.{name} spans more than 31 days; split the range into windows of at most 31 days");
        }

        return (start, end);
    }

    private static string ExactlyOne(JsonElement filter, string entity, string[] primaries, SimulatorOptions options)
    {
        var present = primaries.Where(p => filter.TryGetProperty(p, out _)).ToList();
        if (present.Count != 1)
        {
            throw Invalid($"{entity} export needs exactly one of the filters {string.Join(", ", primaries)}; got {(present.Count == 0 ? "none" : string.Join(", ", present))}");
        }

        var chosen = present[0];
        if ((chosen == "updatedAt" && !options.UpdatedAtFilterSupported)
            || (chosen.StartsWith("smartList", StringComparison.Ordinal) && !options.SmartListFilterSupported))
        {
            throw new ApiErrorException("1035", "Unsupported filter type for target subscription");
        }

        return chosen;
    }

    private static int ListModulus(JsonElement filter, string key)
    {
        var lists = key.StartsWith("smart", StringComparison.Ordinal) ? SyntheticDataset.SmartLists : SyntheticDataset.StaticLists;
        var value = filter.GetProperty(key);
        var match = key.EndsWith("Id", StringComparison.Ordinal)
            ? lists.FirstOrDefault(l => value.ValueKind == JsonValueKind.Number && l.Id == value.GetInt32())
            : lists.FirstOrDefault(l => value.ValueKind == JsonValueKind.String && l.Name == value.GetString());
        if (match.Modulus == 0)
        {
            throw Invalid($"filter.{key} {value.GetRawText()} does not name an existing list");
        }

        return match.Modulus;
    }

    private static Func<RowSource> LeadSource(JsonElement filter, IReadOnlyList<string> fields, SimulatorOptions options, SyntheticDataset data)
    {
        string[] primaries = ["createdAt", "updatedAt", "staticListId", "staticListName", "smartListId", "smartListName"];
        RejectUnknown(filter, "leads", primaries);
        var key = ExactlyOne(filter, "leads", primaries, options);
        var n = options.Leads;
        if (key is "createdAt" or "updatedAt")
        {
            var (start, end) = ReadRange(filter, key);
            var (from, to) = SyntheticDataset.Window(n, key == "createdAt" ? data.LeadCreated : data.LeadUpdated, start, end);
            return () => new IndexedRowSource(fields, from, to, null, data.LeadField);
        }

        var modulus = ListModulus(filter, key);
        return () => new IndexedRowSource(fields, 0, n, i => SyntheticDataset.InList(i + 1, modulus), data.LeadField);
    }

    private static Func<RowSource> ActivitySource(JsonElement filter, IReadOnlyList<string> fields, SyntheticDataset data)
    {
        RejectUnknown(filter, "activities", "createdAt", "activityTypeIds", "primaryAttributeValueIds", "primaryAttributeValues");
        if (!filter.TryGetProperty("createdAt", out _))
        {
            throw Invalid("activities export needs the filter createdAt (a date range of at most 31 days)");
        }

        var (start, end) = ReadRange(filter, "createdAt");
        var types = ReadInts(filter, "activityTypeIds", int.MaxValue)?.ToHashSet();
        var valueIds = ReadInts(filter, "primaryAttributeValueIds", 50)?.ToHashSet();
        HashSet<string>? values = null;
        if (filter.TryGetProperty("primaryAttributeValues", out var pv))
        {
            values = pv.ValueKind == JsonValueKind.Array ? pv.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToHashSet(StringComparer.Ordinal) : throw Invalid("filter.primaryAttributeValues must be an array of strings");
            if (values.Count is 0 or > 50)
            {
                throw Invalid("filter.primaryAttributeValues must hold 1 to 50 values");
            }
        }

        if (valueIds is not null && values is not null)
        {
            throw Invalid("filter.primaryAttributeValueIds and filter.primaryAttributeValues are mutually exclusive");
        }

        if ((valueIds is not null || values is not null) && types is null)
        {
            throw Invalid("filter.primaryAttributeValueIds/primaryAttributeValues require filter.activityTypeIds");
        }

        var (from, to) = SyntheticDataset.Window(data.Count(SyntheticDataset.ActivityStream), data.ActivityTime, start, end);
        bool Keep(long i)
        {
            var type = data.ActivityType(i);
            return (types is null || types.Contains(type.Id))
                && (valueIds is null || (type.PrimaryAttributeName is not null && valueIds.Contains(data.ActivityPrimaryId(i))))
                && (values is null || (type.PrimaryAttributeName is not null && values.Contains(data.ActivityPrimaryValue(i))));
        }

        var predicate = types is null && valueIds is null && values is null ? null : (Func<long, bool>)Keep;
        return () => new IndexedRowSource(fields, from, to, predicate, data.ActivityField);
    }

    private static Func<RowSource> MemberSource(JsonElement filter, ref IReadOnlyList<string> fields, SimulatorOptions options, SyntheticDataset data)
    {
        RejectUnknown(filter, "program members", "programId", "programIds", "isExhausted", "nurtureCadence", "statusNames", "updatedAt");
        var hasOne = filter.TryGetProperty("programId", out var one);
        var many = ReadInts(filter, "programIds", 10);
        if (hasOne == (many is not null))
        {
            throw Invalid("program members export needs exactly one of the filters programId or programIds");
        }

        var programs = hasOne ? [one.ValueKind == JsonValueKind.Number ? one.GetInt64() : throw Invalid("filter.programId must be an integer")] : many!;
        foreach (var id in programs)
        {
            if (SyntheticDataset.Programs.All(p => p.Id != id))
            {
                throw Invalid($"Program {id} not found");
            }
        }

        var programSet = programs.ToHashSet();
        bool? exhausted = filter.TryGetProperty("isExhausted", out var ex) ? ex.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid("filter.isExhausted must be a boolean"),
        } : null;
        string? cadence = null;
        if (filter.TryGetProperty("nurtureCadence", out var nc))
        {
            cadence = nc.GetString() switch
            {
                "norm" => "norm",
                "paus" or "pause" => "paus",
                var other => throw Invalid($"filter.nurtureCadence '{other}' is invalid; use norm or paus"),
            };
        }

        HashSet<string>? statusNames = null;
        if (filter.TryGetProperty("statusNames", out var sn))
        {
            statusNames = sn.ValueKind == JsonValueKind.Array ? sn.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToHashSet(StringComparer.Ordinal) : throw Invalid("filter.statusNames must be an array of strings");
            if (statusNames.Any(s => !SyntheticDataset.ProgramStatuses.Contains(s)))
            {
                throw Invalid("Invalid Data: a statusNames value matches no program status");
            }
        }

        long n = options.ProgramMembers, from = 0, to = n;
        if (filter.TryGetProperty("updatedAt", out _))
        {
            if (!options.UpdatedAtFilterSupported)
            {
                throw new ApiErrorException("1035", "Unsupported filter type for target subscription");
            }

            var (start, end) = ReadRange(filter, "updatedAt");
            (from, to) = SyntheticDataset.Window(n, data.MemberUpdated, start, end);
        }

        if (!hasOne)
        {
            fields = ["programId", .. fields];
        }

        var finalFields = fields;
        return () => new IndexedRowSource(finalFields, from, to, k =>
            programSet.Contains(data.MemberProgramId(k))
            && (exhausted is null || data.MemberExhausted(k) == exhausted)
            && (cadence is null || data.MemberCadence(k) == cadence)
            && (statusNames is null || statusNames.Contains(data.MemberStatus(k))), data.MemberField);
    }

    /// <summary>Program-member exports take program-member fields, the legacy <c>programName</c>, and lead fields (A-bpme).</summary>
    private static bool IsMemberExportField(string field) =>
        FieldCatalog.MemberFieldNames.Contains(field) || field == FieldCatalog.LegacyProgramNameField || FieldCatalog.LeadFieldNames.Contains(field);

    private static (Func<string, bool> IsKnown, string Valid, IReadOnlyList<string>? Default) CustomObjectFieldSet(string apiName, CustomObjectStore store)
    {
        var allowed = store.ExportFields(apiName) ?? throw new ApiErrorException("1013", $"Custom object type '{apiName}' not found or not approved");
        return (f => allowed.Contains(f, StringComparer.Ordinal), string.Join(",", allowed), null);
    }

    private static Func<RowSource> CustomObjectSource(string apiName, JsonElement filter, IReadOnlyList<string> fields, SimulatorOptions options, SyntheticDataset data, CustomObjectStore store)
    {
        string[] primaries = ["updatedAt", "staticListId", "staticListName", "smartListId", "smartListName"];
        RejectUnknown(filter, "custom object", primaries);
        var key = ExactlyOne(filter, "custom object", primaries, options);
        var link = store.LeadLinkField(apiName);
        if (store.IsSynthetic(apiName))
        {
            long n = options.CustomObjectRecords;
            if (key == "updatedAt")
            {
                var (start, end) = ReadRange(filter, key);
                var (from, to) = SyntheticDataset.Window(n, data.CarUpdated, start, end);
                return () => new IndexedRowSource(fields, from, to, null, data.CarField);
            }

            var modulus = ListModulus(filter, key);
            return () => new IndexedRowSource(fields, 0, n, r => SyntheticDataset.InList(data.CarLeadId(r), modulus), data.CarField);
        }

        if (link is null && options.StandaloneCustomObjectExport == StandaloneCustomObjectExportMode.Reject)
        {
            throw Invalid($"Custom object '{apiName}' is not linked to leads; bulk export only exports custom object records linked to leads");
        }

        if (key == "updatedAt")
        {
            var (start, end) = ReadRange(filter, key);
            return () => new ListRowSource(fields, store.ExportRows(apiName, fields, r => r.UpdatedAt >= start && r.UpdatedAt <= end));
        }

        if (link is null)
        {
            throw Invalid($"Custom object '{apiName}' has no lead link; list filters select leads, use updatedAt");
        }

        var mod = ListModulus(filter, key);
        return () => new ListRowSource(fields, store.ExportRows(apiName, fields, r =>
            r.Values[link] is { } v && long.TryParse(v.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var leadId) && SyntheticDataset.InList(leadId, mod)));
    }
}
