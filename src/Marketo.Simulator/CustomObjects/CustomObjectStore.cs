using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MarketoExport.Marketo.Simulator.Engine;
using MarketoExport.Marketo.Simulator.Faults;
using MarketoExport.Marketo.Simulator.Wire;

namespace MarketoExport.Marketo.Simulator.CustomObjects;

/// <summary>
/// Custom object types (draft → approved lifecycle) and their records, in memory. The synthetic lead-linked
/// type <c>car_c</c> (and <see cref="SimulatorOptions.ExtraSyntheticCustomObjects"/> copies of it) exists from the
/// start; its bulk-export rows are synthetic, its REST records start empty.
/// </summary>
internal sealed partial class CustomObjectStore
{
    public const string SyntheticApiName = "car_c";
    private const int MaxTypes = 10, MaxFields = 50, MaxDedupe = 3, MaxBatch = 300;
    private static readonly string[] DataTypes = ["string", "boolean", "integer", "float", "link", "email", "currency", "date", "datetime", "phone", "text"];

    private readonly object _sync = new();
    private readonly Dictionary<string, CustomObjectType> _types = new(StringComparer.OrdinalIgnoreCase);
    private readonly SimulatorOptions _options;
    private readonly FaultInjector _faults;

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]*$", RegexOptions.CultureInvariant)]
    private static partial Regex NamePattern();

    public CustomObjectStore(SimulatorOptions options, FaultInjector faults)
    {
        _options = options;
        _faults = faults;
        var at = options.DataStart;
        for (int copy = 1; copy <= 1 + options.ExtraSyntheticCustomObjects; copy++)
        {
            string apiName = copy == 1 ? SyntheticApiName : $"car{copy}_c";
            _types[apiName] = SyntheticType(apiName, copy, at);
        }
    }

    /// <summary>A synthetic lead-linked type with <c>car_c</c>'s fields; its bulk-export rows are <c>car_c</c>'s.</summary>
    private static CustomObjectType SyntheticType(string apiName, int copy, DateTimeOffset at) => new()
    {
        ApiName = apiName,
        CreatedAt = at,
        UpdatedAt = at,
        Synthetic = true,
        Approved = new CustomObjectVersion
        {
            DisplayName = copy == 1 ? "Car" : $"Car {copy}",
            PluralName = copy == 1 ? "Cars" : $"Cars {copy}",
            Description = "Synthetic lead-linked custom object",
            Fields =
            [
                new("leadID", "Lead ID", "link", null, false, "lead", "id"),
                new("vIN", "VIN", "string", null, true, null, null),
                new("make", "Make", "string", null, false, null, null),
                new("model", "Model", "string", null, false, null, null),
                new("color", "Color", "string", null, false, null, null),
                new("year", "Year", "integer", null, false, null, null),
            ],
        },
    };

    private DateTimeOffset Now => _options.TimeProvider.GetUtcNow();

    // ------------------------------------------------------------------ schema (metadata) API

    public JsonObject Upsert(JsonElement body)
    {
        var action = Str(body, "action") ?? "createOrUpdate";
        var apiName = Str(body, "apiName") ?? throw new ApiErrorException("701", "apiName cannot be blank");
        var displayName = Str(body, "displayName");
        if (!NamePattern().IsMatch(apiName))
        {
            throw new ApiErrorException("1003", $"Invalid apiName '{apiName}': use letters, digits and underscore, starting with a letter");
        }

        lock (_sync)
        {
            var exists = _types.TryGetValue(apiName, out var type);
            switch (action)
            {
                case "createOnly" when exists:
                    throw new ApiErrorException("1017", $"Custom object type '{apiName}' already exists");
                case "updateOnly" when !exists:
                    throw new ApiErrorException("1013", $"Custom object type '{apiName}' not found");
                case not ("createOnly" or "updateOnly" or "createOrUpdate"):
                    throw new ApiErrorException("1003", $"Invalid action '{action}'; use createOnly, updateOnly or createOrUpdate");
            }

            if (!exists)
            {
                if (_types.Count >= MaxTypes)
                {
                    throw new ApiErrorException("1003", $"Maximum of {MaxTypes} custom object types reached");
                }

                type = new CustomObjectType { ApiName = apiName, CreatedAt = Now, UpdatedAt = Now };
                type.Draft = new CustomObjectVersion { DisplayName = displayName ?? throw new ApiErrorException("701", "displayName cannot be blank") };
                _types[apiName] = type;
            }
            else
            {
                type!.Draft ??= type.Approved!.Clone();
                if (displayName is not null && type.Approved is not null && displayName != type.Approved.DisplayName)
                {
                    throw new ApiErrorException("1003", "displayName cannot be changed after approval");
                }

                type.Draft.DisplayName = displayName ?? type.Draft.DisplayName;
                type.UpdatedAt = Now;
            }

            var draft = type.Draft!;
            draft.PluralName = Str(body, "pluralName") ?? draft.PluralName;
            draft.Description = Str(body, "description") ?? draft.Description;
            if (body.TryGetProperty("showInLeadDetail", out var show) && show.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                draft.ShowInLeadDetail = show.GetBoolean();
            }

            return new JsonObject { ["seq"] = 0, ["status"] = exists ? "updated" : "created", ["apiName"] = type.ApiName };
        }
    }

    public IReadOnlyList<JsonObject> AddFields(string apiName, JsonElement body)
    {
        var input = Input(body);
        lock (_sync)
        {
            var type = Get(apiName);
            var approved = type.Approved;
            type.Draft ??= approved!.Clone();
            var results = new List<JsonObject>();
            var seq = 0;
            foreach (var item in input)
            {
                var name = Str(item, "name");
                var dataType = Str(item, "dataType");
                var isDedupe = item.TryGetProperty("isDedupeField", out var d) && d.ValueKind == JsonValueKind.True;
                string? relName = null, relField = null;
                if (item.TryGetProperty("relatedTo", out var rel) && rel.ValueKind == JsonValueKind.Object)
                {
                    relName = Str(rel, "name");
                    relField = Str(rel, "field");
                }

                string? problem = null;
                if (name is null || !NamePattern().IsMatch(name))
                {
                    problem = $"Invalid field name '{name}'";
                }
                else if (dataType is null || !DataTypes.Contains(dataType))
                {
                    problem = $"Invalid dataType '{dataType}' for field '{name}'";
                }
                else if (type.Draft.Fields.Any(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)) || name is "marketoGUID" or "createdAt" or "updatedAt")
                {
                    problem = $"Field '{name}' already exists";
                }
                else if (type.Draft.Fields.Count >= MaxFields)
                {
                    problem = $"Maximum of {MaxFields} fields reached";
                }
                else if (isDedupe && type.Draft.Fields.Count(f => f.IsDedupe) >= MaxDedupe)
                {
                    problem = $"Maximum of {MaxDedupe} dedupe fields reached";
                }
                else if ((isDedupe || dataType == "link") && approved is not null)
                {
                    problem = "Dedupe and link fields cannot be added after approval";
                }
                else if (dataType == "link" && (relName is null || relField is null))
                {
                    problem = "A link field needs relatedTo {name, field}";
                }
                else if (dataType == "link" && !IsLinkTarget(relName!, type.ApiName))
                {
                    problem = $"Link target '{relName}' is not lead, company or an approved custom object without a link field";
                }

                if (problem is not null)
                {
                    results.Add(Skipped(seq++, "1003", problem, ("name", name)));
                    continue;
                }

                type.Draft.Fields.Add(new CustomObjectField(name!, Str(item, "displayName") ?? name!, dataType!, Str(item, "description"), isDedupe, relName, relField));
                type.UpdatedAt = Now;
                results.Add(new JsonObject { ["seq"] = seq++, ["name"] = name, ["status"] = "created" });
            }

            return results;
        }
    }

    public JsonObject Approve(string apiName)
    {
        lock (_sync)
        {
            var type = Get(apiName);
            var draft = type.Draft ?? throw new ApiErrorException("1003", $"Custom object type '{apiName}' has no draft to approve");
            var links = draft.Fields.Count(f => f.DataType == "link");
            if (links < 2 && !draft.Fields.Any(f => f.IsDedupe))
            {
                throw new ApiErrorException("1003", $"Custom object type '{apiName}' needs at least one dedupe field before approval");
            }

            foreach (var link in draft.Fields.Where(f => f.DataType == "link"))
            {
                if (!IsLinkTarget(link.RelatedToName!, apiName))
                {
                    throw new ApiErrorException("1003", $"Link target '{link.RelatedToName}' must be approved before '{apiName}'");
                }
            }

            type.Approved = draft;
            type.Draft = null;
            type.UpdatedAt = Now;
            return new JsonObject { ["seq"] = 0, ["status"] = "approved", ["apiName"] = type.ApiName };
        }
    }

    public JsonObject DiscardDraft(string apiName)
    {
        lock (_sync)
        {
            var type = Get(apiName);
            if (type.Draft is null)
            {
                throw new ApiErrorException("1048", $"Custom object discard draft failed: '{apiName}' has no draft");
            }

            type.Draft = null;
            if (type.Approved is null)
            {
                _types.Remove(apiName);
            }

            return new JsonObject { ["seq"] = 0, ["status"] = "discarded", ["apiName"] = type.ApiName };
        }
    }

    public JsonObject DeleteType(string apiName)
    {
        lock (_sync)
        {
            var type = Get(apiName);
            if (_types.Values.Any(t => t != type && (t.Approved ?? t.Draft)!.Fields.Any(f => string.Equals(f.RelatedToName, apiName, StringComparison.OrdinalIgnoreCase))))
            {
                throw new ApiErrorException("1022", $"Custom object type '{apiName}' is in use by a link field of another type");
            }

            _types.Remove(apiName);
            return new JsonObject { ["seq"] = 0, ["status"] = "deleted", ["apiName"] = type.ApiName };
        }
    }

    public IReadOnlyList<JsonObject> SchemaList(IReadOnlyCollection<string>? names, string? state)
    {
        lock (_sync)
        {
            return [.. _types.Values
                .Where(t => names is null || names.Contains(t.ApiName, StringComparer.OrdinalIgnoreCase))
                .Where(t => state is null || string.Equals(State(t), state, StringComparison.OrdinalIgnoreCase))
                .Select(t => Describe(t, t.Approved ?? t.Draft!, schema: true, withFields: false))];
        }
    }

    public JsonObject SchemaDescribe(string apiName, string? state)
    {
        lock (_sync)
        {
            var type = Get(apiName);
            var version = state switch
            {
                "draft" => type.Draft ?? throw new ApiErrorException("1013", $"Custom object type '{apiName}' has no draft"),
                "approved" => type.Approved ?? throw new ApiErrorException("1013", $"Custom object type '{apiName}' is not approved"),
                _ => type.Approved ?? type.Draft!,
            };
            return Describe(type, version, schema: true, withFields: true);
        }
    }

    // ------------------------------------------------------------------ record API (approved types only)

    public IReadOnlyList<JsonObject> List(IReadOnlyCollection<string>? names)
    {
        lock (_sync)
        {
            return [.. _types.Values
                .Where(t => t.Approved is not null && (names is null || names.Contains(t.ApiName, StringComparer.OrdinalIgnoreCase)))
                .Select(t => Describe(t, t.Approved!, schema: false, withFields: false))];
        }
    }

    public JsonObject DescribeApproved(string apiName)
    {
        lock (_sync)
        {
            var type = GetApproved(apiName);
            return Describe(type, type.Approved!, schema: false, withFields: true);
        }
    }

    public IReadOnlyList<JsonObject> Sync(string apiName, JsonElement body)
    {
        var action = Str(body, "action") ?? "createOrUpdate";
        var dedupeBy = Str(body, "dedupeBy") ?? "dedupeFields";
        var input = Input(body);
        if (action is not ("createOnly" or "updateOnly" or "createOrUpdate"))
        {
            throw new ApiErrorException("1003", $"Invalid action '{action}'; use createOnly, updateOnly or createOrUpdate");
        }

        if (dedupeBy is not ("dedupeFields" or "idField"))
        {
            throw new ApiErrorException("1003", $"Invalid dedupeBy '{dedupeBy}'; use dedupeFields or idField");
        }

        if (dedupeBy == "idField" && action != "updateOnly")
        {
            throw new ApiErrorException("1003", "dedupeBy idField requires action updateOnly");
        }

        lock (_sync)
        {
            var type = GetApproved(apiName);
            var version = type.Approved!;
            var dedupe = version.Fields.Where(f => f.IsDedupe).Select(f => f.Name).ToList();
            var results = new List<JsonObject>();
            for (var seq = 0; seq < input.Count; seq++)
            {
                var item = input[seq];
                if (_faults.Take("/rest/v1/customobjects/" + apiName + ".json", f => f.ApiName is null || string.Equals(f.ApiName, apiName, StringComparison.OrdinalIgnoreCase), SimulatorFaultKind.RejectCustomObjectRecord) is { } reject)
                {
                    results.Add(Skipped(seq, reject.Code ?? "1003", reject.Message ?? "Simulated rejection"));
                    continue;
                }

                results.Add(SyncOne(type, version, dedupe, seq, item, action, dedupeBy));
            }

            return results;
        }
    }

    private JsonObject SyncOne(CustomObjectType type, CustomObjectVersion version, List<string> dedupe, int seq, JsonElement item, string action, string dedupeBy)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return Skipped(seq, "1003", "Each input record must be an object");
        }

        var values = new JsonObject();
        foreach (var p in item.EnumerateObject())
        {
            if (p.Name == "marketoGUID")
            {
                continue;
            }

            var field = version.Fields.FirstOrDefault(f => f.Name == p.Name);
            if (field is null)
            {
                return Skipped(seq, "1006", $"Field '{p.Name}' not found");
            }

            if (!ValidValue(field, p.Value))
            {
                return Skipped(seq, "1001", $"Invalid value type for field '{p.Name}' ({field.DataType})");
            }

            if (field.DataType == "link" && string.Equals(field.RelatedToName, "lead", StringComparison.OrdinalIgnoreCase) && p.Value.ValueKind != JsonValueKind.Null)
            {
                var leadId = p.Value.ValueKind == JsonValueKind.Number ? p.Value.GetInt64() : long.TryParse(p.Value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
                if (leadId < 1 || leadId > _options.Leads)
                {
                    return Skipped(seq, "1004", "Lead not found");
                }
            }

            values[p.Name] = JsonNode.Parse(p.Value.GetRawText());
        }

        CustomObjectRecord? existing;
        if (dedupeBy == "idField")
        {
            var guid = Str(item, "marketoGUID");
            if (guid is null)
            {
                return Skipped(seq, "1002", "Value for required field 'marketoGUID' not specified");
            }

            existing = type.Records.FirstOrDefault(r => r.MarketoGuid == guid);
        }
        else
        {
            var missing = dedupe.FirstOrDefault(d => values[d] is null);
            if (missing is not null)
            {
                return Skipped(seq, "1002", $"Value for required field '{missing}' not specified");
            }

            existing = type.Records.FirstOrDefault(r => dedupe.All(d => Text(r.Values[d]) == Text(values[d])));
        }

        if (existing is null)
        {
            if (action == "updateOnly")
            {
                return Skipped(seq, "1013", "Object not found");
            }

            var record = new CustomObjectRecord { MarketoGuid = Guid.NewGuid().ToString("D", CultureInfo.InvariantCulture), CreatedAt = Now, UpdatedAt = Now, Values = values };
            type.Records.Add(record);
            return new JsonObject { ["seq"] = seq, ["marketoGUID"] = record.MarketoGuid, ["status"] = "created" };
        }

        if (action == "createOnly")
        {
            return Skipped(seq, "1017", "Object already exists");
        }

        foreach (var (key, value) in values)
        {
            existing.Values[key] = value?.DeepClone();
        }

        existing.UpdatedAt = Now;
        return new JsonObject { ["seq"] = seq, ["marketoGUID"] = existing.MarketoGuid, ["status"] = "updated" };
    }

    public (IReadOnlyList<JsonObject> Items, string? NextPageToken) Query(string apiName, string filterType, IReadOnlyList<string>? filterValues, IReadOnlyList<JsonElement>? compoundInput, IReadOnlyList<string>? fields, int batchSize, string? pageToken)
    {
        if (batchSize is < 1 or > MaxBatch)
        {
            throw new ApiErrorException("1003", $"batchSize must be between 1 and {MaxBatch}");
        }

        lock (_sync)
        {
            var type = GetApproved(apiName);
            var version = type.Approved!;
            var dedupe = version.Fields.Where(f => f.IsDedupe).Select(f => f.Name).ToList();
            var known = new HashSet<string>(version.Fields.Select(f => f.Name).Concat(["marketoGUID", "createdAt", "updatedAt"]), StringComparer.Ordinal);
            foreach (var f in fields ?? [])
            {
                if (!known.Contains(f))
                {
                    throw new ApiErrorException("1006", $"Field '{f}' not found");
                }
            }

            Func<CustomObjectRecord, bool> match;
            if (compoundInput is not null)
            {
                if (filterType != "dedupeFields")
                {
                    throw new ApiErrorException("1003", "A query with input objects needs filterType dedupeFields");
                }

                var keys = compoundInput.Select(i => dedupe.Select(d => i.TryGetProperty(d, out var v) ? Text(JsonNode.Parse(v.GetRawText())) : null).ToList()).ToList();
                match = r => keys.Any(k => dedupe.Select((d, idx) => Text(r.Values[d]) == k[idx]).All(b => b));
            }
            else
            {
                var values = filterValues ?? throw new ApiErrorException("701", "filterValues cannot be blank");
                string field = filterType switch
                {
                    "idField" => "marketoGUID",
                    "dedupeFields" when dedupe.Count == 1 => dedupe[0],
                    "dedupeFields" => throw new ApiErrorException("1003", "Compound dedupe fields need POST ?_method=GET with input objects"),
                    _ when Searchable(version).Contains(filterType) => filterType,
                    _ => throw new ApiErrorException("1003", $"Invalid filterType '{filterType}'; use idField, dedupeFields or a searchable field"),
                };
                var set = values.ToHashSet(StringComparer.Ordinal);
                match = field == "marketoGUID" ? r => set.Contains(r.MarketoGuid) : r => Text(r.Values[field]) is { } t && set.Contains(t);
            }

            var offset = ParsePageToken(pageToken);
            var all = type.Records.Where(match).ToList();
            var page = all.Skip(offset).Take(batchSize).ToList();
            var columns = fields ?? ["marketoGUID", .. dedupe, "createdAt", "updatedAt"];
            var items = page.Select((r, i) =>
            {
                var o = new JsonObject { ["seq"] = offset + i };
                foreach (var c in columns)
                {
                    var v = c switch
                    {
                        "marketoGUID" => JsonValue.Create(r.MarketoGuid),
                        "createdAt" => JsonValue.Create(Reply.Format(r.CreatedAt)),
                        "updatedAt" => JsonValue.Create(Reply.Format(r.UpdatedAt)),
                        _ => r.Values[c]?.DeepClone(),
                    };
                    if (v is not null && v.GetValueKind() != JsonValueKind.Null)
                    {
                        o[c] = v;
                    }
                }

                return o;
            }).ToList();
            var next = offset + page.Count < all.Count ? Convert.ToBase64String(BitConverter.GetBytes(offset + page.Count)) : null;
            return (items, next);
        }
    }

    public IReadOnlyList<JsonObject> Delete(string apiName, JsonElement body)
    {
        var deleteBy = Str(body, "deleteBy") ?? "dedupeFields";
        var input = Input(body);
        lock (_sync)
        {
            var type = GetApproved(apiName);
            var dedupe = type.Approved!.Fields.Where(f => f.IsDedupe).Select(f => f.Name).ToList();
            var results = new List<JsonObject>();
            for (var seq = 0; seq < input.Count; seq++)
            {
                var item = input[seq];
                CustomObjectRecord? found = deleteBy switch
                {
                    "idField" => type.Records.FirstOrDefault(r => r.MarketoGuid == Str(item, "marketoGUID")),
                    "dedupeFields" => type.Records.FirstOrDefault(r => dedupe.All(d => item.TryGetProperty(d, out var v) && Text(r.Values[d]) == Text(JsonNode.Parse(v.GetRawText())))),
                    _ => throw new ApiErrorException("1003", $"Invalid deleteBy '{deleteBy}'; use idField or dedupeFields"),
                };
                if (found is null)
                {
                    results.Add(Skipped(seq, "1013", "Object not found"));
                    continue;
                }

                type.Records.Remove(found);
                results.Add(new JsonObject { ["seq"] = seq, ["marketoGUID"] = found.MarketoGuid, ["status"] = "deleted" });
            }

            return results;
        }
    }

    // ------------------------------------------------------------------ export + control

    public IReadOnlyList<string>? ExportFields(string apiName)
    {
        lock (_sync)
        {
            return _types.TryGetValue(apiName, out var t) && t.Approved is not null
                ? ["marketoGUID", .. t.Approved.Fields.Select(f => f.Name), "createdAt", "updatedAt"]
                : null;
        }
    }

    public string? LeadLinkField(string apiName)
    {
        lock (_sync)
        {
            return _types.TryGetValue(apiName, out var t)
                ? t.Approved?.Fields.FirstOrDefault(f => f.DataType == "link" && string.Equals(f.RelatedToName, "lead", StringComparison.OrdinalIgnoreCase))?.Name
                : null;
        }
    }

    public bool IsSynthetic(string apiName)
    {
        lock (_sync)
        {
            return _types.TryGetValue(apiName, out var t) && t.Synthetic;
        }
    }

    public IReadOnlyList<string?[]> ExportRows(string apiName, IReadOnlyList<string> fields, Func<CustomObjectRecord, bool> predicate)
    {
        lock (_sync)
        {
            if (!_types.TryGetValue(apiName, out var type))
            {
                return [];
            }

            return [.. type.Records.Where(predicate).OrderBy(r => r.UpdatedAt).ThenBy(r => r.MarketoGuid, StringComparer.Ordinal).Select(r => fields.Select(f => f switch
            {
                "marketoGUID" => r.MarketoGuid,
                "createdAt" => Reply.Format(r.CreatedAt),
                "updatedAt" => Reply.Format(r.UpdatedAt),
                _ => Text(r.Values[f]),
            }).ToArray())];
        }
    }

    public IReadOnlyList<string> TypeNames()
    {
        lock (_sync)
        {
            return [.. _types.Keys.Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<JsonObject> Records(string apiName)
    {
        lock (_sync)
        {
            if (!_types.TryGetValue(apiName, out var type))
            {
                return [];
            }

            return [.. type.Records.Select(r =>
            {
                var o = (JsonObject)r.Values.DeepClone();
                o["marketoGUID"] = r.MarketoGuid;
                o["createdAt"] = Reply.Format(r.CreatedAt);
                o["updatedAt"] = Reply.Format(r.UpdatedAt);
                return o;
            })];
        }
    }

    // ------------------------------------------------------------------ helpers

    private CustomObjectType Get(string apiName) =>
        _types.TryGetValue(apiName, out var t) ? t : throw new ApiErrorException("1013", $"Custom object type '{apiName}' not found");

    private CustomObjectType GetApproved(string apiName)
    {
        var type = Get(apiName);
        return type.Approved is not null ? type : throw new ApiErrorException("1013", $"Custom object type '{apiName}' not found (it is not approved)");
    }

    private bool IsLinkTarget(string name, string self) =>
        name.Equals("lead", StringComparison.OrdinalIgnoreCase) || name.Equals("company", StringComparison.OrdinalIgnoreCase)
        || (!name.Equals(self, StringComparison.OrdinalIgnoreCase) && _types.TryGetValue(name, out var t) && t.Approved is not null && t.Approved.Fields.All(f => f.DataType != "link"));

    private static string State(CustomObjectType t) => (t.Approved, t.Draft) switch
    {
        (null, _) => "draft",
        (_, null) => "approved",
        _ => "approvedWithDraft",
    };

    private static List<string> Searchable(CustomObjectVersion v) =>
        [.. v.Fields.Where(f => f.IsDedupe || f.DataType == "link").Select(f => f.Name)];

    private static JsonObject Describe(CustomObjectType type, CustomObjectVersion version, bool schema, bool withFields)
    {
        var dedupe = version.Fields.Where(f => f.IsDedupe).Select(f => f.Name).ToList();
        var o = new JsonObject
        {
            [schema ? "apiName" : "name"] = type.ApiName,
            ["displayName"] = version.DisplayName,
            ["pluralName"] = version.PluralName,
            ["description"] = version.Description,
            ["showInLeadDetail"] = version.ShowInLeadDetail,
            ["createdAt"] = type.Approved is null && schema ? null : Reply.Format(type.CreatedAt),
            ["updatedAt"] = Reply.Format(type.UpdatedAt),
            ["idField"] = type.Approved is null && schema ? null : "marketoGUID",
            ["dedupeFields"] = new JsonArray([.. dedupe.Select(d => (JsonNode)JsonValue.Create(d))]),
            ["searchableFields"] = new JsonArray([.. (dedupe.Count > 0 ? [dedupe] : new List<List<string>> { new() })
                .Concat(Searchable(version).Except(dedupe).Select(s => new List<string> { s }))
                .Select(g => (JsonNode)new JsonArray([.. g.Select(x => (JsonNode)JsonValue.Create(x))]))]),
            ["relationships"] = new JsonArray([.. version.Fields.Where(f => f.DataType == "link").Select(f => (JsonNode)new JsonObject
            {
                ["field"] = f.Name,
                ["type"] = "child",
                ["relatedTo"] = new JsonObject { ["name"] = f.RelatedToName, ["field"] = f.RelatedToField },
            })]),
        };
        if (schema)
        {
            o["state"] = State(type);
            o["version"] = ReferenceEquals(version, type.Draft) ? "draft" : "approved";
        }

        if (withFields)
        {
            var fields = new JsonArray
            {
                new JsonObject { ["name"] = "marketoGUID", ["displayName"] = "Marketo GUID", ["dataType"] = "string", ["length"] = 36, ["updateable"] = false, ["crmManaged"] = false },
            };
            foreach (var f in version.Fields)
            {
                var field = new JsonObject { ["name"] = f.Name, ["displayName"] = f.DisplayName, ["dataType"] = f.DataType, ["updateable"] = !f.IsDedupe, ["crmManaged"] = false };
                if (f.Description is not null)
                {
                    field["description"] = f.Description;
                }

                if (f.DataType == "string")
                {
                    field["length"] = 255;
                }

                fields.Add(field);
            }

            fields.Add(new JsonObject { ["name"] = "createdAt", ["displayName"] = "Created At", ["dataType"] = "datetime", ["updateable"] = false, ["crmManaged"] = false });
            fields.Add(new JsonObject { ["name"] = "updatedAt", ["displayName"] = "Updated At", ["dataType"] = "datetime", ["updateable"] = false, ["crmManaged"] = false });
            o["fields"] = fields;
        }

        foreach (var key in o.Where(p => p.Value is null && p.Key is not ("createdAt" or "idField")).Select(p => p.Key).ToList())
        {
            o.Remove(key);
        }

        return o;
    }

    private static bool ValidValue(CustomObjectField field, JsonElement value) => value.ValueKind == JsonValueKind.Null || field.DataType switch
    {
        "integer" or "link" => value.ValueKind == JsonValueKind.Number ? value.TryGetInt64(out _) : value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
        "float" or "currency" => value.ValueKind == JsonValueKind.Number || (value.ValueKind == JsonValueKind.String && double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out _)),
        "boolean" => value.ValueKind is JsonValueKind.True or JsonValueKind.False || (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out _)),
        "date" or "datetime" => value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out _),
        _ => value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False,
    };

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v when v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.String => e.GetString(),
        _ => node.ToJsonString(),
    };

    private static string? Str(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<JsonElement> Input(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Array)
        {
            throw new ApiErrorException("701", "input cannot be blank");
        }

        var list = input.EnumerateArray().ToList();
        if (list.Count > MaxBatch)
        {
            throw new ApiErrorException("1003", $"input holds {list.Count} records; the maximum is {MaxBatch}");
        }

        return list;
    }

    private static JsonObject Skipped(int seq, string code, string message, (string Key, string? Value)? extra = null)
    {
        var o = new JsonObject { ["seq"] = seq };
        if (extra is { } e && e.Value is not null)
        {
            o[e.Key] = e.Value;
        }

        o["status"] = "skipped";
        o["reasons"] = new JsonArray(new JsonObject { ["code"] = code, ["message"] = message });
        return o;
    }

    internal static int ParsePageToken(string? token)
    {
        if (string.IsNullOrEmpty(token))
        {
            return 0;
        }

        try
        {
            var bytes = Convert.FromBase64String(token);
            return bytes.Length == 4 ? Math.Max(0, BitConverter.ToInt32(bytes)) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ApiErrorException("1003", "Invalid nextPageToken");
        }
    }
}
