namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>Value pools. Some values carry commas, quotes, newlines and non-ASCII text on purpose.</summary>
internal static class TextPools
{
    public static readonly string[] FirstNames = ["Ada", "Grace", "Linus", "José", "Zoë", "Björn", "Ana María", "Chloé", "Søren", "Mei", "Olu", "Priya", "Tom", "Anne-Marie", "Ōtani", "Jürgen"];

    public static readonly string[] LastNames = ["Lovelace", "Hopper", "O'Brien", "García", "Müller", "Nakamura", "Smith, Jr.", "Østergaard", "Dubois", "Khan", "\"Doc\" Brown", "Zhang", "Novák", "Łukasiewicz"];

    public static readonly string?[] Companies = ["Acme, Inc.", "Globex", "\"Quoted\" Holdings Ltd", "Müller GmbH", "東京商事", "Initech\nEast", "Umbrella; Corp", null, "Stark Industries", "Wayne Enterprises"];

    public static readonly string?[] Titles = ["CTO", "Marketing Manager", "VP, Sales", "Engineer", null, "Directeur général", "Head of \"Growth\""];

    public static readonly string[] Cities = ["Chicago", "São Paulo", "Zürich", "Kraków", "Tōkyō", "Paris", "New York, NY", "Reykjavík"];

    public static readonly string[] Countries = ["US", "BR", "CH", "PL", "JP", "FR", "IS", "DE"];

    public static readonly string[] FreeText = ["plain", "with, comma", "with \"quotes\"", "multi\nline", "naïve café ☕", "tab\there", "emoji 🚀", "semi;colon"];

    public static readonly string[] Makes = ["Citroën", "Škoda", "Toyota", "Ford", "Mercedes, Benz", "Tesla"];

    public static readonly string[] Models = ["C4", "Octavia", "Corolla \"GR\"", "F-150", "E-Class", "Model 3\nLong Range"];

    public static readonly string[] Colors = ["red", "blue", "silver", "noir mat", "grün"];

    public static readonly string[] AssetNames = ["GL_OP_ALL_2026.MPS Outbound", "Webinar, Q1", "Form \"Contact Us\"", "Kampagne Größe", "Newsletter"];

    public static readonly string?[] IndustryVerticals = ["Healthcare", "Financial Services", "Retail & E-commerce", "Manufacturing", "Public Sector", "Éducation", "Software, SaaS", null];

    /// <summary>A free-text (text area) lead field: commas, doubled quotes, LF and CRLF line breaks, tabs, semicolons, non-ASCII.</summary>
    public static readonly string?[] SalesNotes =
    [
        "Asked for a demo, then went quiet",
        "Budget approved, \"pending\" legal review",
        "Met at the booth.\nFollow up in Q3.",
        "Prefers email; no calls before 10am",
        "Spoke with María José — très intéressée",
        "Line one\r\nLine two, with a comma",
        "Renewal risk:\thigh",
        "会議は来週 (meeting next week) 🚀",
        null,
        "Said: \"Call me back\", then hung up",
    ];

    public static readonly string?[] StatusReasons = ["Registered via form", "Added by \"Smart Campaign\"", "Imported, list upload", "Statut modifié par l'API", null];

    public static readonly string[] TrackNames = ["Track 1", "Track 2 — Advanced", "Évergreen"];
}
