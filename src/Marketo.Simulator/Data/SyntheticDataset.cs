using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>
/// The deterministic synthetic data set. Record i of an entity has timestamp
/// <c>DataStart + floor(i * span / (n - 1))</c> seconds, a monotone function of i, so the records of a window are
/// found by binary search on the index and never by scanning everything.
/// </summary>
internal sealed class SyntheticDataset
{
    public const int LeadStream = 1, ActivityStream = 2, MemberStream = 3, CarStream = 4;

    /// <summary>Every described lead field (<see cref="FieldCatalog.LeadFields"/>), in describe order.</summary>
    public static readonly IReadOnlyList<string> LeadFields = [.. FieldCatalog.LeadFields.Select(f => f.Name)];

    public static readonly IReadOnlyList<string> ActivityFields =
        ["marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId", "primaryAttributeValue", "attributes", "actionResult"];

    public static readonly IReadOnlyList<string> DefaultActivityFields =
        ["marketoGUID", "leadId", "activityDate", "activityTypeId", "campaignId", "primaryAttributeValueId", "primaryAttributeValue", "attributes"];

    /// <summary>Every described program-member field (<see cref="FieldCatalog.MemberFields"/>), in describe order.</summary>
    public static readonly IReadOnlyList<string> MemberFields = [.. FieldCatalog.MemberFields.Select(f => f.Name)];

    public static readonly IReadOnlyList<string> CarFields =
        ["marketoGUID", "leadID", "vIN", "make", "model", "color", "year", "createdAt", "updatedAt"];

    /// <summary>Programs: id, name, statuses.</summary>
    public static readonly IReadOnlyList<(int Id, string Name)> Programs =
        [(1001, "Webinar 2026, Spring"), (1002, "Nurture \"Core\""), (1003, "Événement Paris"), (1004, "Trade Show"), (1005, "Newsletter")];

    public static readonly IReadOnlyList<string> ProgramStatuses = ["Invited", "Registered", "Attended", "No Show", "Member"];

    /// <summary>Static lists: id, name, membership rule on lead id.</summary>
    public static readonly IReadOnlyList<(int Id, string Name, int Modulus)> StaticLists =
        [(1, "Even Leads", 2), (2, "Every Third, \"Quoted\"", 3), (3, "Newsletter", 5)];

    /// <summary>Smart lists: id, name, membership rule on lead id.</summary>
    public static readonly IReadOnlyList<(int Id, string Name, int Modulus)> SmartLists =
        [(1, "Engaged Leads", 4), (2, "Recent", 7)];

    private static readonly JsonWriterOptions AttributeJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SimulatorOptions _options;
    private readonly long _start;
    private readonly long _spanSeconds;

    public SyntheticDataset(SimulatorOptions options)
    {
        _options = options;
        _start = options.DataStart.ToUnixTimeSeconds();
        _spanSeconds = Math.Max(0, options.DataEnd.ToUnixTimeSeconds() - _start);
    }

    public int Seed => _options.Seed;

    public long Count(int stream) => stream switch
    {
        LeadStream => _options.Leads,
        ActivityStream => _options.Activities,
        MemberStream => _options.ProgramMembers,
        CarStream => _options.CustomObjectRecords,
        _ => 0,
    };

    /// <summary>Primary timestamp (unix seconds) of record i of a stream with n records.</summary>
    public long TimeOf(long i, long n) => n <= 1 ? _start : _start + (long)((Int128)i * _spanSeconds / (n - 1));

    public long LeadCreated(long i) => TimeOf(i, _options.Leads);

    public long LeadUpdated(long i) => Math.Min(_start + _spanSeconds, LeadCreated(i) + 2 * 86_400);

    public long CarUpdated(long i) => TimeOf(i, _options.CustomObjectRecords);

    /// <summary>First index in [0, n) whose monotone key is ≥ value (n when none).</summary>
    public static long LowerBound(long n, Func<long, long> key, long value)
    {
        long lo = 0, hi = n;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (key(mid) < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    /// <summary>Index range [from, to) of records whose key lies in [startAt, endAt], both inclusive.</summary>
    public static (long From, long To) Window(long n, Func<long, long> key, DateTimeOffset startAt, DateTimeOffset endAt) =>
        (LowerBound(n, key, startAt.ToUnixTimeSeconds()), LowerBound(n, key, endAt.ToUnixTimeSeconds() + 1));

    public static bool InList(long leadId, int modulus) => leadId % modulus == 0;

    private ulong H(int stream, long i, int salt) => Mix.Hash(_options.Seed, stream, i, salt);

    private static string Iso(long unixSeconds) => DateTimeOffset.FromUnixTimeSeconds(unixSeconds).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Num(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Bool(bool value) => value ? "true" : "false";

    private string Day(long daysAfterStart) =>
        DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(_start).UtcDateTime).AddDays((int)daysAfterStart).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A Salesforce-style 18-character id: a 3-character key prefix and 15 base-36 characters from the hash.</summary>
    private static string CrmId(string prefix, ulong hash)
    {
        const string Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        Span<char> id = stackalloc char[18];
        prefix.AsSpan().CopyTo(id);
        for (var c = 3; c < id.Length; c++)
        {
            id[c] = Digits[(int)(hash % 36)];
            hash = (hash / 36) ^ ((ulong)c * 0x9E3779B97F4A7C15UL);
        }

        return new string(id);
    }

    // ---- leads (index i is lead id i + 1) ----

    public string? LeadField(long i, string field)
    {
        switch (field)
        {
            case "id": return Num(i + 1);
            case "email": return H(LeadStream, i, 1) % 17 == 0 ? null : "lead" + Num(i + 1) + "@example.com";
            case "firstName": return TextPools.FirstNames[Mix.Pick(H(LeadStream, i, 2), TextPools.FirstNames.Length)];
            case "lastName": return TextPools.LastNames[Mix.Pick(H(LeadStream, i, 3), TextPools.LastNames.Length)];
            case "company": return TextPools.Companies[Mix.Pick(H(LeadStream, i, 4), TextPools.Companies.Length)];
            case "title": return TextPools.Titles[Mix.Pick(H(LeadStream, i, 5), TextPools.Titles.Length)];
            case "city": return TextPools.Cities[Mix.Pick(H(LeadStream, i, 6), TextPools.Cities.Length)];
            case "country": return TextPools.Countries[Mix.Pick(H(LeadStream, i, 6), TextPools.Countries.Length)];
            case "phone":
                var h = H(LeadStream, i, 7);
                return h % 3 == 0 ? null : "+1-555-" + (h % 10_000).ToString("D4", CultureInfo.InvariantCulture);
            case "leadScore": return Num((long)(H(LeadStream, i, 8) % 200));
            case "unsubscribed": return Bool(H(LeadStream, i, 9) % 10 == 0);
            case "createdAt": return Iso(LeadCreated(i));
            case "updatedAt": return Iso(LeadUpdated(i));

            // Custom fields (salts 20+; the standard fields above keep their salts so their values never change).
            case "industryVertical_c": return TextPools.IndustryVerticals[Mix.Pick(H(LeadStream, i, 20), TextPools.IndustryVerticals.Length)];
            case "seatCount_c":
                var seats = H(LeadStream, i, 21);
                return seats % 7 == 0 ? null : Num(1 + (long)(seats % 5_000));
            case "isPartner_c": return Bool(H(LeadStream, i, 22) % 4 == 0);
            case "lastWebinarAt_c":
                var webinar = H(LeadStream, i, 23);
                var created = LeadCreated(i);
                return webinar % 3 == 0 ? null : Iso(created + (long)(webinar % (ulong)(LeadUpdated(i) - created + 1)));
            case "engagementScore_c": return Num((long)(H(LeadStream, i, 24) % 101));
            case "annualBudget_c":
                var budget = H(LeadStream, i, 25);
                return budget % 5 == 0 ? null : ((decimal)(budget % 100_000_000) / 100m).ToString("0.00", CultureInfo.InvariantCulture);
            case "renewalDate_c":
                var renewal = H(LeadStream, i, 26);
                return renewal % 4 == 0 ? null : Day((long)(renewal % 730));
            case "salesNotes_c": return TextPools.SalesNotes[Mix.Pick(H(LeadStream, i, 27), TextPools.SalesNotes.Length)];
            case "sfdcAccountId":
                var account = H(LeadStream, i, 28);
                return account % 2 == 0 ? null : CrmId("001", account);
            default: return null;
        }
    }

    // ---- activities ----

    public long ActivityTime(long i) => TimeOf(i, _options.Activities);

    public SimulatorActivityType ActivityType(long i) =>
        _options.ActivityTypes[Mix.Pick(H(ActivityStream, i, 1), _options.ActivityTypes.Count)];

    public long ActivityPrimaryId(long i) => 100 + (long)(H(ActivityStream, i, 4) % 50);

    public string ActivityPrimaryValue(long i) => TextPools.AssetNames[Mix.Pick((ulong)ActivityPrimaryId(i), TextPools.AssetNames.Length)] + " " + Num(ActivityPrimaryId(i));

    public string? ActivityField(long i, string field)
    {
        var type = ActivityType(i);
        switch (field)
        {
            case "marketoGUID": return Num(700_000_000 + i);
            case "leadId": return Num(1 + (long)(H(ActivityStream, i, 2) % (ulong)Math.Max(1, _options.Leads)));
            case "activityDate": return Iso(ActivityTime(i));
            case "activityTypeId": return Num(type.Id);
            case "campaignId":
                var c = H(ActivityStream, i, 3);
                return c % 4 == 0 ? null : Num(5000 + (long)(c % 20));
            case "primaryAttributeValueId": return type.PrimaryAttributeName is null ? null : Num(ActivityPrimaryId(i));
            case "primaryAttributeValue": return type.PrimaryAttributeName is null ? null : ActivityPrimaryValue(i);
            case "attributes": return ActivityAttributes(i, type);
            case "actionResult": return H(ActivityStream, i, 5) % 20 == 0 ? "skipped" : "succeeded";
            default: return null;
        }
    }

    private string ActivityAttributes(long i, SimulatorActivityType type)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, AttributeJson))
        {
            writer.WriteStartObject();
            var salt = 10;
            foreach (var (name, dataType) in type.Attributes)
            {
                var h = H(ActivityStream, i, salt++);
                switch (dataType)
                {
                    case "integer": writer.WriteNumber(name, (long)(h % 100_000)); break;
                    case "boolean": writer.WriteBoolean(name, h % 2 == 0); break;
                    default: writer.WriteString(name, TextPools.FreeText[Mix.Pick(h, TextPools.FreeText.Length)]); break;
                }
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // ---- program members ----

    public long MemberUpdated(long k) => TimeOf(k, _options.ProgramMembers);

    public int MemberProgramId(long k) => Programs[(int)(k % Programs.Count)].Id;

    public long MemberLeadIndex(long k) => _options.Leads <= 0 ? 0 : (k / Programs.Count) % _options.Leads;

    public string MemberStatus(long k) => ProgramStatuses[Mix.Pick(H(MemberStream, k, 1), ProgramStatuses.Count)];

    public bool MemberExhausted(long k) => H(MemberStream, k, 2) % 5 == 0;

    public string MemberCadence(long k) => H(MemberStream, k, 3) % 3 == 0 ? "paus" : "norm";

    public long MemberJoined(long k) => Math.Max(_start - (30 * 86_400), MemberUpdated(k) - (long)(H(MemberStream, k, 4) % (10 * 86_400)));

    private string? Likelihood(long k, int salt)
    {
        var h = H(MemberStream, k, salt);
        return h % 4 == 0 ? null : Num(1 + (long)(h % 5));
    }

    /// <summary>A program-member field, or a lead field of the member's lead (program-member names win: createdAt, updatedAt).</summary>
    public string? MemberField(long k, string field) => field switch
    {
        "leadId" => Num(MemberLeadIndex(k) + 1),
        "programId" => Num(MemberProgramId(k)),
        "programName" or "program" => Programs[(int)(k % Programs.Count)].Name,
        "membershipDate" or "createdAt" => Iso(MemberJoined(k)),
        "statusName" => MemberStatus(k),
        "reachedSuccess" => Bool(MemberStatus(k) == "Attended"),
        "isExhausted" => Bool(MemberExhausted(k)),
        "nurtureCadence" => MemberCadence(k),
        "updatedAt" => Iso(MemberUpdated(k)),

        // Fields added with the describe endpoint (salts 10+).
        "acquiredBy" => Bool(H(MemberStream, k, 10) % 3 == 0),
        "attendanceLikelihood" => Likelihood(k, 11),
        "registrationLikelihood" => Likelihood(k, 12),
        "reachedSuccessDate" => MemberStatus(k) == "Attended"
            ? Iso(MemberJoined(k) + (long)(H(MemberStream, k, 13) % (ulong)(MemberUpdated(k) - MemberJoined(k) + 1)))
            : null,
        "statusReason" => TextPools.StatusReasons[Mix.Pick(H(MemberStream, k, 14), TextPools.StatusReasons.Length)],
        "trackName" => MemberProgramId(k) == 1002 ? TextPools.TrackNames[Mix.Pick(H(MemberStream, k, 15), TextPools.TrackNames.Length)] : null,
        "waitlistPriority" => H(MemberStream, k, 16) % 10 == 0 ? Num(1 + (long)(H(MemberStream, k, 16) / 10 % 50)) : null,
        "registrationCode" => H(MemberStream, k, 17) % 4 == 0 ? null : "REG-" + (H(MemberStream, k, 17) % 1_000_000).ToString("D6", CultureInfo.InvariantCulture),
        "webinarUrl" => MemberProgramId(k) == 1001 ? "https://webinars.example.com/join?program=1001&lead=" + Num(MemberLeadIndex(k) + 1) : null,
        "sessionNotes" => H(MemberStream, k, 18) % 3 == 0 ? null : TextPools.FreeText[Mix.Pick(H(MemberStream, k, 18), TextPools.FreeText.Length)],
        _ when FieldCatalog.LeadFieldNames.Contains(field) => LeadField(MemberLeadIndex(k), field),
        _ => null,
    };

    // ---- car_c custom object (lead-linked) ----

    public long CarLeadId(long r) => 1 + (long)(H(CarStream, r, 1) % (ulong)Math.Max(1, _options.Leads));

    public string? CarField(long r, string field) => field switch
    {
        "marketoGUID" => new Guid((int)(r & 0x7FFFFFFF), (short)(_options.Seed & 0x7FFF), 0x4000, 0x80, 0, 0, 0, 0, 0, 0, 0xCA).ToString("D", CultureInfo.InvariantCulture),
        "leadID" => Num(CarLeadId(r)),
        "vIN" => "SIMVIN" + (H(CarStream, r, 2) % 100_000_000_000UL).ToString("D11", CultureInfo.InvariantCulture),
        "make" => TextPools.Makes[Mix.Pick(H(CarStream, r, 3), TextPools.Makes.Length)],
        "model" => TextPools.Models[Mix.Pick(H(CarStream, r, 4), TextPools.Models.Length)],
        "color" => H(CarStream, r, 5) % 6 == 0 ? null : TextPools.Colors[Mix.Pick(H(CarStream, r, 5), TextPools.Colors.Length)],
        "year" => Num(2000 + (long)(H(CarStream, r, 6) % 27)),
        "createdAt" => Iso(Math.Max(_start, CarUpdated(r) - (long)(H(CarStream, r, 7) % (5 * 86_400)))),
        "updatedAt" => Iso(CarUpdated(r)),
        _ => null,
    };
}
