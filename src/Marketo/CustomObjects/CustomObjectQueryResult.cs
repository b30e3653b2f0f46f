using System.Text.Json.Nodes;

namespace MarketoExport.Marketo.CustomObjects;

/// <summary>One page of custom object records.</summary>
/// <param name="Records">The records, each a JSON object of field name to value (with <c>seq</c> and <c>marketoGUID</c>); empty fields are omitted.</param>
/// <param name="NextPageToken">The token of the next page, if any.</param>
/// <param name="MoreResult">Whether more pages follow.</param>
public sealed record CustomObjectQueryResult(IReadOnlyList<JsonObject> Records, string? NextPageToken, bool MoreResult);
