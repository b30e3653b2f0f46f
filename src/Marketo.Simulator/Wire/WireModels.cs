using System.Text.Json.Serialization;

namespace MarketoExport.Marketo.Simulator.Wire;

// The simulator's own wire shapes (never shared with the client). Null members are omitted on the wire.

internal sealed record Envelope<T>(
    string RequestId,
    bool Success,
    IReadOnlyList<T>? Result = null,
    IReadOnlyList<ErrorItem>? Errors = null,
    IReadOnlyList<string>? Warnings = null,
    bool? MoreResult = null,
    string? NextPageToken = null);

internal sealed record ErrorItem(string Code, string Message);

internal sealed record TokenResponse(
    [property: JsonPropertyName("access_token")] string AccessToken,
    [property: JsonPropertyName("token_type")] string TokenType,
    [property: JsonPropertyName("expires_in")] long ExpiresIn,
    [property: JsonPropertyName("scope")] string Scope);

internal sealed record OAuthError(
    [property: JsonPropertyName("error")] string Error,
    [property: JsonPropertyName("error_description")] string ErrorDescription);

internal sealed record ExportJobDto(
    string ExportId,
    string Format,
    string Status,
    string CreatedAt,
    string? QueuedAt = null,
    string? StartedAt = null,
    string? FinishedAt = null,
    long? NumberOfRecords = null,
    long? FileSize = null,
    string? FileChecksum = null,
    string? ErrorMsg = null);

internal sealed record ActivityTypeAttributeDto(string Name, string DataType);

internal sealed record ActivityTypeDto(
    int Id,
    string Name,
    string Description,
    ActivityTypeAttributeDto? PrimaryAttribute,
    IReadOnlyList<ActivityTypeAttributeDto> Attributes);

internal sealed record UsageUserDto(string UserId, long Count);

internal sealed record UsageDayDto(string Date, long Total, IReadOnlyList<UsageUserDto> Users);

internal sealed record ErrorCountDto(string ErrorCode, long Count);

internal sealed record ErrorDayDto(string Date, long Total, IReadOnlyList<ErrorCountDto> Errors);

internal sealed record FaultAddedDto(string Id);

internal sealed record ExportUsageDto(long BytesUsedToday, long QuotaBytes);

internal sealed record SubscriptionDto(
    bool? UpdatedAtFilterSupported = null,
    bool? SmartListFilterSupported = null,
    bool? CustomObjectSchemaApiEnabled = null,
    StandaloneCustomObjectExportMode? StandaloneCustomObjectExport = null);
