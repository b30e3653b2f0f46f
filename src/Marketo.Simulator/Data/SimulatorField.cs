namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>
/// One described field of the synthetic lead or program-member object: what the describe endpoints report and
/// what the synthetic data generates (values always match <see cref="DataType"/> and fit <see cref="Length"/>).
/// </summary>
/// <param name="Id">The numeric id <c>leads/describe.json</c> reports (0 for program-member fields).</param>
/// <param name="Name">The REST API name (what bulk export <c>fields</c> take).</param>
/// <param name="DisplayName">The friendly label.</param>
/// <param name="DataType">Marketo's data type: string, text, email, phone, integer, score, boolean, datetime, date, currency.</param>
/// <param name="Length">Maximum length for string-like types; null otherwise.</param>
/// <param name="Updateable">Whether the API may write it.</param>
/// <param name="CrmManaged">Whether a CRM owns it.</param>
/// <param name="SoapName">The SOAP API name <c>leads/describe.json</c> reports; null for program-member fields.</param>
internal sealed record SimulatorField(
    int Id,
    string Name,
    string DisplayName,
    string DataType,
    int? Length,
    bool Updateable,
    bool CrmManaged = false,
    string? SoapName = null);
