using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace MarketoExport.Marketo.Serialization;

// Wire models of the Marketo client. Internal, and deliberately separate from the public records so that the
// wire spelling (e.g. "Cancelled", "apiName" vs "name", "object" vs "relatedTo") is absorbed here.

internal sealed class MarketoEnvelope<T>
{
    public string? RequestId { get; set; }

    public bool Success { get; set; }

    public List<T>? Result { get; set; }

    public List<MarketoWireError>? Errors { get; set; }

    public List<JsonElement>? Warnings { get; set; }

    public bool? MoreResult { get; set; }

    public string? NextPageToken { get; set; }
}

internal sealed class MarketoWireError
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Code { get; set; }

    public string? Message { get; set; }
}

internal sealed class TokenResponse
{
    [JsonPropertyName("access_token")]
    public string? AccessToken { get; set; }

    [JsonPropertyName("token_type")]
    public string? TokenType { get; set; }

    [JsonPropertyName("expires_in")]
    public long ExpiresIn { get; set; }

    [JsonPropertyName("scope")]
    public string? Scope { get; set; }
}

internal sealed class OAuthError
{
    [JsonPropertyName("error")]
    public string? Error { get; set; }

    [JsonPropertyName("error_description")]
    public string? ErrorDescription { get; set; }
}

internal sealed class ExportJobDto
{
    public string? ExportId { get; set; }

    public string? Format { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? QueuedAt { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public long? NumberOfRecords { get; set; }

    public long? FileSize { get; set; }

    public string? FileChecksum { get; set; }

    public string? ErrorMsg { get; set; }
}

internal sealed class CustomObjectLinkDto
{
    public string? Name { get; set; }

    public string? Field { get; set; }
}

internal sealed class CustomObjectRelationshipDto
{
    public string? Field { get; set; }

    public string? Type { get; set; }

    public CustomObjectLinkDto? RelatedTo { get; set; }

    public CustomObjectLinkDto? Object { get; set; }
}

internal sealed class CustomObjectFieldDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? DataType { get; set; }

    public string? Description { get; set; }

    public int? Length { get; set; }

    public bool? Updateable { get; set; }

    public bool? CrmManaged { get; set; }
}

internal sealed class CustomObjectMetadataDto
{
    public string? Name { get; set; }

    public string? ApiName { get; set; }

    public string? DisplayName { get; set; }

    public string? PluralName { get; set; }

    public string? Description { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? UpdatedAt { get; set; }

    public string? IdField { get; set; }

    public List<string>? DedupeFields { get; set; }

    public List<List<string>>? SearchableFields { get; set; }

    public List<CustomObjectRelationshipDto>? Relationships { get; set; }

    public List<CustomObjectFieldDto>? Fields { get; set; }

    public string? State { get; set; }

    public string? Version { get; set; }
}

internal sealed class LeadDatabaseFieldDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? DataType { get; set; }

    public int? Length { get; set; }

    public bool? Updateable { get; set; }

    public bool? CrmManaged { get; set; }
}

/// <summary><c>result[0]</c> of Describe Lead2 (<c>name, searchableFields, fields</c>) and Describe Program Member (adds <c>description, dedupeFields</c>).</summary>
internal sealed class LeadDatabaseDescribeDto
{
    public string? Name { get; set; }

    public string? Description { get; set; }

    public List<string?>? DedupeFields { get; set; }

    public List<List<string?>?>? SearchableFields { get; set; }

    public List<LeadDatabaseFieldDto?>? Fields { get; set; }
}

internal sealed class RecordResultDto
{
    public int Seq { get; set; }

    [JsonPropertyName("marketoGUID")]
    public string? MarketoGuid { get; set; }

    public string? Status { get; set; }

    public List<MarketoWireError>? Reasons { get; set; }
}

internal sealed class UserUsageDto
{
    public string? UserId { get; set; }

    public long Count { get; set; }
}

internal sealed class UsageDayDto
{
    public string? Date { get; set; }

    public long Total { get; set; }

    public List<UserUsageDto>? Users { get; set; }
}

internal sealed class ErrorCountDto
{
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? ErrorCode { get; set; }

    public long Count { get; set; }
}

internal sealed class ErrorDayDto
{
    public string? Date { get; set; }

    public long Total { get; set; }

    public List<ErrorCountDto>? Errors { get; set; }
}

internal sealed class ActivityTypeAttributeDto
{
    public string? Name { get; set; }

    public string? DataType { get; set; }

    public string? ApiName { get; set; }
}

internal sealed class ActivityTypeDto
{
    public int Id { get; set; }

    public string? Name { get; set; }

    public string? Description { get; set; }

    public string? ApiName { get; set; }

    public ActivityTypeAttributeDto? PrimaryAttribute { get; set; }

    public List<ActivityTypeAttributeDto>? Attributes { get; set; }
}

internal sealed class SyncCustomObjectsRequestDto
{
    public string? Action { get; set; }

    public string? DedupeBy { get; set; }

    public IReadOnlyList<JsonObject>? Input { get; set; }
}

internal sealed class DeleteCustomObjectsRequestDto
{
    public string? DeleteBy { get; set; }

    public IReadOnlyList<JsonObject>? Input { get; set; }
}

internal sealed class QueryCustomObjectsRequestDto
{
    public string? FilterType { get; set; }

    public IReadOnlyList<string>? Fields { get; set; }

    public IReadOnlyList<JsonObject>? Input { get; set; }

    public int? BatchSize { get; set; }

    public string? NextPageToken { get; set; }
}

internal sealed class CustomObjectTypeRequestDto
{
    public string? Action { get; set; }

    public string? ApiName { get; set; }

    public string? DisplayName { get; set; }

    public string? PluralName { get; set; }

    public string? Description { get; set; }

    public bool? ShowInLeadDetail { get; set; }
}

internal sealed class CustomObjectFieldRequestDto
{
    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? DataType { get; set; }

    public string? Description { get; set; }

    public bool? IsDedupeField { get; set; }

    public CustomObjectLinkDto? RelatedTo { get; set; }
}

internal sealed class AddCustomObjectFieldsRequestDto
{
    public IReadOnlyList<CustomObjectFieldRequestDto>? Input { get; set; }
}
