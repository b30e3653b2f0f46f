namespace MarketoExport.Marketo.Describe;

/// <summary>
/// What a lead database describe call reports for one object type: its fields (with their REST API names) and the
/// fields it can be searched and deduplicated by. Returned by <see cref="IMarketoClient.DescribeLeadFieldsAsync"/>
/// and <see cref="IMarketoClient.DescribeProgramMemberFieldsAsync"/>.
/// </summary>
/// <param name="Name">The object's name as Marketo reports it (e.g. <c>API Program Membership</c>); empty when omitted.</param>
/// <param name="Description">The description, if any (Describe Lead2 sends none).</param>
/// <param name="DedupeFields">The fields that identify a record (program members: <c>leadId</c>, <c>programId</c>); empty when omitted.</param>
/// <param name="SearchableFields">The field groups usable as a query filter type; empty when omitted.</param>
/// <param name="Fields">The fields, in Marketo's order; fields without a name are dropped.</param>
public sealed record LeadDatabaseObjectMetadata(
    string Name,
    string? Description,
    IReadOnlyList<string> DedupeFields,
    IReadOnlyList<IReadOnlyList<string>> SearchableFields,
    IReadOnlyList<LeadDatabaseFieldMetadata> Fields);
