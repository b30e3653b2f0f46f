using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MarketoExport.Marketo.Serialization;

/// <summary>Source-generated JSON metadata for every wire model of the client (no reflection on the hot path).</summary>
[JsonSourceGenerationOptions(
    JsonSerializerDefaults.Web,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(TolerantDateTimeOffsetConverter)])]
[JsonSerializable(typeof(MarketoEnvelope<JsonElement>))]
[JsonSerializable(typeof(MarketoEnvelope<ExportJobDto>))]
[JsonSerializable(typeof(MarketoEnvelope<CustomObjectMetadataDto>))]
[JsonSerializable(typeof(MarketoEnvelope<LeadDatabaseDescribeDto>))]
[JsonSerializable(typeof(MarketoEnvelope<JsonObject>))]
[JsonSerializable(typeof(MarketoEnvelope<RecordResultDto>))]
[JsonSerializable(typeof(MarketoEnvelope<UsageDayDto>))]
[JsonSerializable(typeof(MarketoEnvelope<ErrorDayDto>))]
[JsonSerializable(typeof(MarketoEnvelope<ActivityTypeDto>))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(OAuthError))]
[JsonSerializable(typeof(SyncCustomObjectsRequestDto))]
[JsonSerializable(typeof(DeleteCustomObjectsRequestDto))]
[JsonSerializable(typeof(QueryCustomObjectsRequestDto))]
[JsonSerializable(typeof(CustomObjectTypeRequestDto))]
[JsonSerializable(typeof(AddCustomObjectFieldsRequestDto))]
internal sealed partial class MarketoJsonContext : JsonSerializerContext
{
}
