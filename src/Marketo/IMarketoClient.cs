using System.Text.Json.Nodes;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Describe;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Usage;

namespace MarketoExport.Marketo;

/// <summary>
/// Typed client for the Marketo REST and Bulk Export APIs. Every call is governed (rate window + concurrency),
/// authenticated with a cached bearer token (renewed before expiry and on 601/602), and retried on transient
/// failures (502/5xx, 604, 606, 608, 611, 615, 713, transport errors) with jittered exponential backoff.
/// </summary>
/// <remarks>
/// Failures surface as: <see cref="MarketoApiException"/> (envelope <c>success:false</c>; branch on its
/// <see cref="MarketoApiException.Code"/>, e.g. <see cref="MarketoErrorCode.AccessDenied"/> for a missing role permission) and its subtypes
/// <see cref="MarketoThrottledException"/>, <see cref="MarketoDailyQuotaExceededException"/>,
/// <see cref="MarketoExportQuotaExceededException"/>, <see cref="MarketoExportQueueFullException"/>,
/// <see cref="MarketoUnsupportedFilterException"/>; <see cref="MarketoAuthenticationException"/> (bad credentials);
/// <see cref="MarketoHttpException"/> (HTTP 401/404/413/414/5xx); <see cref="MarketoUnreachableException"/>
/// (connection failures and timeouts after retries).
/// </remarks>
public interface IMarketoClient
{
    /// <summary>Creates an export job (<c>POST /bulk/v1/{entity}/export/create.json</c>). The job is <see cref="ExportJobStatus.Created"/>; enqueue it next.</summary>
    /// <param name="entity">What to export.</param>
    /// <param name="request">Fields, filter and format; the filter type must match the entity.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The created job.</returns>
    /// <exception cref="ArgumentException">The filter type does not match the entity.</exception>
    /// <exception cref="MarketoExportQuotaExceededException">The daily export quota is used up.</exception>
    /// <exception cref="MarketoUnsupportedFilterException">The filter type is not available on the subscription.</exception>
    Task<ExportJob> CreateExportJobAsync(ExportEntity entity, ExportJobRequest request, CancellationToken cancellationToken = default);

    /// <summary>Enqueues a created job (<c>POST .../export/{exportId}/enqueue.json</c>).</summary>
    /// <param name="entity">The job's entity.</param>
    /// <param name="exportId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job, normally <see cref="ExportJobStatus.Queued"/>.</returns>
    /// <exception cref="MarketoExportQueueFullException">Ten jobs are already queued or processing; retry later.</exception>
    /// <exception cref="MarketoExportQuotaExceededException">The daily export quota is used up.</exception>
    Task<ExportJob> EnqueueExportJobAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default);

    /// <summary>Reads a job's status (<c>GET .../export/{exportId}/status.json</c>). Marketo refreshes it about once a minute.</summary>
    /// <param name="entity">The job's entity.</param>
    /// <param name="exportId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job.</returns>
    Task<ExportJob> GetExportJobStatusAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default);

    /// <summary>Cancels a job (<c>POST .../export/{exportId}/cancel.json</c>).</summary>
    /// <param name="entity">The job's entity.</param>
    /// <param name="exportId">The job id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job, normally <see cref="ExportJobStatus.Cancelled"/>.</returns>
    Task<ExportJob> CancelExportJobAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default);

    /// <summary>Lists the jobs of the last 7 days (<c>GET /bulk/v1/{entity}/export.json</c>), following every page.</summary>
    /// <param name="entity">The entity.</param>
    /// <param name="statuses">Only jobs in these states; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs.</returns>
    Task<IReadOnlyList<ExportJob>> ListExportJobsAsync(ExportEntity entity, IReadOnlyCollection<ExportJobStatus>? statuses = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Opens a completed job's file as a stream (<c>GET .../export/{exportId}/file.json</c>), from byte
    /// <paramref name="offset"/> on (sent as <c>Range: bytes=N-</c>; the answer must be 206 with a matching
    /// <c>Content-Range</c>). Only headers are awaited; the body streams. Dispose the result.
    /// </summary>
    /// <param name="entity">The job's entity.</param>
    /// <param name="exportId">The job id.</param>
    /// <param name="offset">The first byte wanted; 0 for the whole file.</param>
    /// <param name="cancellationToken">Cancels opening the stream.</param>
    /// <returns>The stream.</returns>
    /// <exception cref="MarketoHttpException">404: the job is not completed, the id is unknown, or the file has expired.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="offset"/> is negative.</exception>
    Task<ExportFileStream> OpenExportFileAsync(ExportEntity entity, string exportId, long offset = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Describes the lead object with Describe Lead2 (<c>GET /rest/v1/leads/describe2.json</c>): every lead field the
    /// API user can see, standard and custom, by REST API name (the names bulk lead export <c>fields</c> take), plus
    /// the searchable fields. Needs the Read-Only Lead permission.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The lead object's fields.</returns>
    /// <exception cref="MarketoApiException">
    /// Code <see cref="MarketoErrorCode.AccessDenied"/> (603): the API user's role lacks Read-Only Lead, or an IP allowlist blocks the caller.
    /// </exception>
    /// <exception cref="MarketoHttpException">Marketo answered success without a description.</exception>
    Task<LeadDatabaseObjectMetadata> DescribeLeadFieldsAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Describes the program member object (<c>GET /rest/v1/programs/members/describe.json</c>): its standard and custom
    /// fields by REST API name, dedupe fields and searchable fields. A program member bulk export may also list lead
    /// fields (see <see cref="DescribeLeadFieldsAsync"/>). Needs the Read-Only Lead permission.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The program member object's fields.</returns>
    /// <exception cref="MarketoApiException">
    /// Code <see cref="MarketoErrorCode.AccessDenied"/> (603): the API user's role lacks Read-Only Lead, or an IP allowlist blocks the caller.
    /// </exception>
    /// <exception cref="MarketoHttpException">Marketo answered success without a description.</exception>
    Task<LeadDatabaseObjectMetadata> DescribeProgramMemberFieldsAsync(CancellationToken cancellationToken = default);

    /// <summary>Lists custom object types (<c>GET /rest/v1/customobjects.json</c>).</summary>
    /// <param name="names">Only these API names; null for all.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The types (without fields).</returns>
    Task<IReadOnlyList<CustomObjectMetadata>> ListCustomObjectTypesAsync(IReadOnlyCollection<string>? names = null, CancellationToken cancellationToken = default);

    /// <summary>Describes an approved custom object type with its fields (<c>GET /rest/v1/customobjects/{apiName}/describe.json</c>).</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The type, or null when it does not exist or is not approved (empty result or code 1013).</returns>
    Task<CustomObjectMetadata?> DescribeCustomObjectAsync(string apiName, CancellationToken cancellationToken = default);

    /// <summary>Queries custom object records, one page (<c>GET /rest/v1/customobjects/{apiName}.json</c>, or <c>POST ?_method=GET</c> for compound keys or long queries).</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="query">The filter, fields and paging.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page.</returns>
    Task<CustomObjectQueryResult> QueryCustomObjectsAsync(string apiName, CustomObjectQuery query, CancellationToken cancellationToken = default);

    /// <summary>Inserts and/or updates custom object records (<c>POST /rest/v1/customobjects/{apiName}.json</c>), at most 300 per call.</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="records">The records: field name to value, including the key fields.</param>
    /// <param name="action">Create, update or both.</param>
    /// <param name="dedupeBy">Which key identifies records.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per input record, in input order.</returns>
    /// <exception cref="ArgumentException">More than 300 records, or none.</exception>
    Task<IReadOnlyList<CustomObjectRecordResult>> SyncCustomObjectsAsync(string apiName, IReadOnlyList<JsonObject> records, CustomObjectSyncAction action = CustomObjectSyncAction.CreateOrUpdate, CustomObjectKeyType dedupeBy = CustomObjectKeyType.DedupeFields, CancellationToken cancellationToken = default);

    /// <summary>Deletes custom object records (<c>POST /rest/v1/customobjects/{apiName}/delete.json</c>), at most 300 per call.</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="keys">The keys of the records to delete.</param>
    /// <param name="deleteBy">Which key the objects hold.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One result per input key, in input order.</returns>
    /// <exception cref="ArgumentException">More than 300 keys, or none.</exception>
    Task<IReadOnlyList<CustomObjectRecordResult>> DeleteCustomObjectsAsync(string apiName, IReadOnlyList<JsonObject> keys, CustomObjectKeyType deleteBy = CustomObjectKeyType.DedupeFields, CancellationToken cancellationToken = default);

    /// <summary>Creates a custom object type, or updates its draft (<c>POST /rest/v1/customobjects/schema.json</c>).</summary>
    /// <param name="definition">The type.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Marketo accepted the change.</returns>
    Task CreateOrUpdateCustomObjectTypeAsync(CustomObjectTypeDefinition definition, CancellationToken cancellationToken = default);

    /// <summary>Adds fields to a custom object type's draft (<c>POST /rest/v1/customobjects/schema/{apiName}/addField.json</c>).</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="fields">The fields.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Marketo accepted the change.</returns>
    Task AddCustomObjectFieldsAsync(string apiName, IReadOnlyList<CustomObjectFieldDefinition> fields, CancellationToken cancellationToken = default);

    /// <summary>Approves a custom object type's draft, making it live (<c>POST /rest/v1/customobjects/schema/{apiName}/approve.json</c>).</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when Marketo approved the type.</returns>
    Task ApproveCustomObjectTypeAsync(string apiName, CancellationToken cancellationToken = default);

    /// <summary>Describes a custom object type through the schema API (<c>GET /rest/v1/customobjects/schema/{apiName}/describe.json</c>).</summary>
    /// <param name="apiName">The API name.</param>
    /// <param name="state">Which version to read; null reads the approved one if any, else the draft.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The type with <see cref="CustomObjectMetadata.State"/>, or null when it (or the requested version) does not exist (empty result or code 1013).</returns>
    Task<CustomObjectMetadata?> DescribeCustomObjectTypeAsync(string apiName, CustomObjectTypeState? state = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Today's API call counts (<c>GET /rest/v1/stats/usage.json</c>). <see cref="ApiUsageDay.Total"/> is every call
    /// counted today on the instance by all API users (this one included), on Marketo's calendar (the daily quota
    /// resets at midnight Central), so the calls left today are the instance's daily quota minus that total.
    /// Needs no permission.
    /// </summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Today's usage (one element, normally).</returns>
    Task<IReadOnlyList<ApiUsageDay>> GetUsageAsync(CancellationToken cancellationToken = default);

    /// <summary>API call counts of the last 7 days (<c>GET /rest/v1/stats/usage/last7days.json</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One element per day.</returns>
    Task<IReadOnlyList<ApiUsageDay>> GetUsageLast7DaysAsync(CancellationToken cancellationToken = default);

    /// <summary>Today's API error counts (<c>GET /rest/v1/stats/errors.json</c>).</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>Today's errors.</returns>
    Task<IReadOnlyList<ApiErrorDay>> GetErrorsAsync(CancellationToken cancellationToken = default);

    /// <summary>Activity types, custom ones included (<c>GET /rest/v1/activities/types.json</c>). Cache the result.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The types.</returns>
    Task<IReadOnlyList<ActivityType>> GetActivityTypesAsync(CancellationToken cancellationToken = default);
}
