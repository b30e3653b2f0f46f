namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>
/// The described fields of the synthetic leads and program members: the single source for the describe endpoints,
/// the bulk export field validation and the data generator (<see cref="SyntheticDataset"/>).
/// </summary>
/// <remarks>
/// The first thirteen lead fields are the ones the simulator always had; their values never change, so a request
/// that worked before yields the same bytes. The custom lead fields (<c>_c</c> names, plus the CRM-managed
/// <c>sfdcAccountId</c>) follow; <c>salesNotes_c</c> holds commas, quotes, line breaks and non-ASCII text.
/// </remarks>
internal static class FieldCatalog
{
    public static readonly IReadOnlyList<SimulatorField> LeadFields =
    [
        new(1, "id", "Id", "integer", null, false, SoapName: "Id"),
        new(3, "email", "Email Address", "email", 255, true, SoapName: "Email"),
        new(4, "firstName", "First Name", "string", 255, true, SoapName: "FirstName"),
        new(5, "lastName", "Last Name", "string", 255, true, SoapName: "LastName"),
        new(2, "company", "Company Name", "string", 255, true, SoapName: "Company"),
        new(6, "title", "Job Title", "string", 255, true, SoapName: "Title"),
        new(7, "city", "City", "string", 255, true, SoapName: "City"),
        new(8, "country", "Country", "string", 255, true, SoapName: "Country"),
        new(9, "phone", "Phone Number", "phone", 255, true, SoapName: "Phone"),
        new(10, "leadScore", "Lead Score", "integer", null, true, SoapName: "LeadScore"),
        new(11, "unsubscribed", "Unsubscribed", "boolean", null, true, SoapName: "Unsubscribed"),
        new(12, "createdAt", "Created At", "datetime", null, false, SoapName: "CreatedAt"),
        new(13, "updatedAt", "Updated At", "datetime", null, false, SoapName: "UpdatedAt"),
        new(101, "industryVertical_c", "Industry Vertical", "string", 255, true, SoapName: "industryVertical_c"),
        new(102, "seatCount_c", "Seat Count", "integer", null, true, SoapName: "seatCount_c"),
        new(103, "isPartner_c", "Is Partner", "boolean", null, true, SoapName: "isPartner_c"),
        new(104, "lastWebinarAt_c", "Last Webinar Attended", "datetime", null, true, SoapName: "lastWebinarAt_c"),
        new(105, "engagementScore_c", "Engagement Score", "score", null, true, SoapName: "engagementScore_c"),
        new(106, "annualBudget_c", "Annual Budget", "currency", null, true, SoapName: "annualBudget_c"),
        new(107, "renewalDate_c", "Renewal Date", "date", null, true, SoapName: "renewalDate_c"),
        new(108, "salesNotes_c", "Sales Notes", "text", null, true, SoapName: "salesNotes_c"),
        new(60, "sfdcAccountId", "SFDC Account Id", "string", 18, false, CrmManaged: true, SoapName: "SFDCAccountId"),
    ];

    /// <summary>Filter types for Get Leads by Filter Type, as Describe Lead2 reports them.</summary>
    public static readonly IReadOnlyList<IReadOnlyList<string>> LeadSearchableFields =
        [["email"], ["id"], ["industryVertical_c"], ["sfdcAccountId"]];

    public static readonly IReadOnlyList<SimulatorField> MemberFields =
    [
        new(0, "acquiredBy", "acquiredBy", "boolean", null, false),
        new(0, "attendanceLikelihood", "attendanceLikelihood", "integer", null, false),
        new(0, "createdAt", "createdAt", "datetime", null, false),
        new(0, "isExhausted", "isExhausted", "boolean", null, false),
        new(0, "leadId", "leadId", "integer", null, false),
        new(0, "membershipDate", "membershipDate", "datetime", null, false),
        new(0, "nurtureCadence", "nurtureCadence", "string", 4, false),
        new(0, "program", "program", "string", 255, false),
        new(0, "programId", "programId", "integer", null, false),
        new(0, "reachedSuccess", "reachedSuccess", "boolean", null, false),
        new(0, "reachedSuccessDate", "reachedSuccessDate", "datetime", null, false),
        new(0, "registrationLikelihood", "registrationLikelihood", "integer", null, false),
        new(0, "statusName", "statusName", "string", 255, false),
        new(0, "statusReason", "statusReason", "string", 255, false),
        new(0, "trackName", "trackName", "string", 255, false),
        new(0, "updatedAt", "updatedAt", "datetime", null, false),
        new(0, "waitlistPriority", "waitlistPriority", "integer", null, false),
        new(0, "registrationCode", "registrationCode", "string", 100, true),
        new(0, "webinarUrl", "webinarUrl", "string", 2000, true),
        new(0, "sessionNotes", "sessionNotes", "string", 2000, true),
    ];

    public static readonly IReadOnlyList<string> MemberDedupeFields = ["leadId", "programId"];

    public static readonly IReadOnlyList<IReadOnlyList<string>> MemberSearchableFields =
        [["leadId"], ["reachedSuccess"], ["statusName"], ["registrationCode"]];

    /// <summary>
    /// Accepted in program-member exports but not described: the simulator's original name for the program's name
    /// (Marketo describes it as <c>program</c>). Kept so that requests that used it keep their bytes.
    /// </summary>
    public const string LegacyProgramNameField = "programName";

    public static readonly IReadOnlySet<string> LeadFieldNames = LeadFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);

    public static readonly IReadOnlySet<string> MemberFieldNames = MemberFields.Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
}
