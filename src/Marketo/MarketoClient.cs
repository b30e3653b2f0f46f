using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using MarketoExport.Marketo.Auth;
using MarketoExport.Marketo.BulkExport;
using MarketoExport.Marketo.CustomObjects;
using MarketoExport.Marketo.Describe;
using MarketoExport.Marketo.Errors;
using MarketoExport.Marketo.Http;
using MarketoExport.Marketo.Logging;
using MarketoExport.Marketo.Serialization;
using MarketoExport.Marketo.Usage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace MarketoExport.Marketo;

/// <summary>The <see cref="IMarketoClient"/> implementation; obtain it through <see cref="MarketoServiceCollectionExtensions.AddMarketoClient"/>.</summary>
public sealed class MarketoClient : IMarketoClient
{
    /// <summary>The name of the HTTP client (typed client and identity calls) in <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "MarketoExport.Marketo";

    /// <summary>The most records Marketo takes in one custom object sync or delete call.</summary>
    public const int MaxRecordsPerCall = 300;

    private const int MaxUriLength = 7_000;
    private static readonly MediaTypeHeaderValue JsonMediaType = new("application/json") { CharSet = "utf-8" };

    private readonly HttpClient _http;
    private readonly MarketoTokenProvider _tokens;
    private readonly MarketoCallGovernor _governor;
    private readonly MarketoRetryPipeline _retry;
    private readonly TimeProvider _time;
    private readonly MarketoClientOptions _options;
    private readonly MarketoEndpoints _endpoints;
    private readonly ILogger _logger;

    internal MarketoClient(
        HttpClient http,
        MarketoTokenProvider tokens,
        MarketoCallGovernor governor,
        MarketoRetryPipeline retry,
        TimeProvider time,
        IOptions<MarketoClientOptions> options,
        ILogger<MarketoClient>? logger = null)
    {
        _http = http;
        _tokens = tokens;
        _governor = governor;
        _retry = retry;
        _time = time;
        _options = options.Value;
        _endpoints = new MarketoEndpoints(_options.BaseUrl);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    // ---------------------------------------------------------------- bulk export

    /// <inheritdoc />
    public async Task<ExportJob> CreateExportJobAsync(ExportEntity entity, ExportJobRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Filter);
        ValidateEntity(entity);
        if (!request.Filter.AppliesTo(entity.Kind))
        {
            throw new ArgumentException(
                $"A {request.Filter.GetType().Name} cannot filter a {entity.Name} export; use {ExpectedFilter(entity.Kind)}.",
                nameof(request));
        }

        var body = WriteCreateExportBody(request);
        var uri = _endpoints.Bulk($"v1/{entity.PathSegment}/export/create.json");
        var envelope = await CallAsync(HttpMethod.Post, uri, () => JsonBytes(body), MarketoJsonContext.Default.MarketoEnvelopeExportJobDto, cancellationToken).ConfigureAwait(false);
        return SingleJob(envelope, uri);
    }

    /// <inheritdoc />
    public Task<ExportJob> EnqueueExportJobAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default) =>
        JobCallAsync(HttpMethod.Post, entity, exportId, "enqueue.json", cancellationToken);

    /// <inheritdoc />
    public Task<ExportJob> GetExportJobStatusAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default) =>
        JobCallAsync(HttpMethod.Get, entity, exportId, "status.json", cancellationToken);

    /// <inheritdoc />
    public Task<ExportJob> CancelExportJobAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default) =>
        JobCallAsync(HttpMethod.Post, entity, exportId, "cancel.json", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ExportJob>> ListExportJobsAsync(ExportEntity entity, IReadOnlyCollection<ExportJobStatus>? statuses = null, CancellationToken cancellationToken = default)
    {
        ValidateEntity(entity);
        var status = statuses is { Count: > 0 } ? string.Join(',', statuses.Distinct().Select(StatusText)) : null;
        var jobs = new List<ExportJob>();
        string? pageToken = null;
        var seenTokens = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var uri = _endpoints.Bulk($"v1/{entity.PathSegment}/export.json", [("status", status), ("batchSize", "300"), ("nextPageToken", pageToken)]);
            var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeExportJobDto, cancellationToken).ConfigureAwait(false);
            var page = envelope.Result ?? [];
            jobs.AddRange(page.Select(dto => ToJob(dto, uri)));
            pageToken = envelope.NextPageToken;
            if (page.Count == 0 || string.IsNullOrEmpty(pageToken) || envelope.MoreResult == false || !seenTokens.Add(pageToken))
            {
                return jobs;
            }
        }
    }

    /// <inheritdoc />
    public async Task<ExportFileStream> OpenExportFileAsync(ExportEntity entity, string exportId, long offset = 0, CancellationToken cancellationToken = default)
    {
        ValidateEntity(entity);
        ArgumentException.ThrowIfNullOrWhiteSpace(exportId);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        var uri = _endpoints.Bulk($"v1/{entity.PathSegment}/export/{Uri.EscapeDataString(exportId)}/file.json");
        return await ExecuteAsync(ct => OpenFileOnceAsync(uri, offset, ct), HttpMethod.Get, uri, cancellationToken).ConfigureAwait(false);
    }

    // ---------------------------------------------------------------- lead database describe

    /// <inheritdoc />
    public Task<LeadDatabaseObjectMetadata> DescribeLeadFieldsAsync(CancellationToken cancellationToken = default) =>
        DescribeLeadDatabaseObjectAsync("v1/leads/describe2.json", cancellationToken);

    /// <inheritdoc />
    public Task<LeadDatabaseObjectMetadata> DescribeProgramMemberFieldsAsync(CancellationToken cancellationToken = default) =>
        DescribeLeadDatabaseObjectAsync("v1/programs/members/describe.json", cancellationToken);

    /// <summary>Describe Lead2 and Describe Program Member share one shape: <c>result[0]</c> with the object's fields.</summary>
    private async Task<LeadDatabaseObjectMetadata> DescribeLeadDatabaseObjectAsync(string path, CancellationToken cancellationToken)
    {
        var uri = _endpoints.Rest(path);
        var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeLeadDatabaseDescribeDto, cancellationToken).ConfigureAwait(false);
        return envelope.Result is { Count: > 0 } r && r[0] is { } description
            ? ToObjectMetadata(description)
            : throw new MarketoHttpException(200, $"Marketo answered {uri.AbsolutePath} with success but no description in the result.");
    }

    // ---------------------------------------------------------------- custom objects

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomObjectMetadata>> ListCustomObjectTypesAsync(IReadOnlyCollection<string>? names = null, CancellationToken cancellationToken = default)
    {
        var uri = _endpoints.Rest("v1/customobjects.json", [("names", names is { Count: > 0 } ? string.Join(',', names) : null)]);
        var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeCustomObjectMetadataDto, cancellationToken).ConfigureAwait(false);
        return (envelope.Result ?? []).Select(ToMetadata).ToList();
    }

    /// <inheritdoc />
    public async Task<CustomObjectMetadata?> DescribeCustomObjectAsync(string apiName, CancellationToken cancellationToken = default)
    {
        var uri = _endpoints.Rest($"v1/customobjects/{ApiNameSegment(apiName)}/describe.json");
        return await DescribeAsync(uri, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CustomObjectQueryResult> QueryCustomObjectsAsync(string apiName, CustomObjectQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentException.ThrowIfNullOrWhiteSpace(query.FilterType);
        var path = $"v1/customobjects/{ApiNameSegment(apiName)}.json";
        MarketoEnvelope<JsonObject> envelope;
        if (query.Input is not null)
        {
            var body = new QueryCustomObjectsRequestDto
            {
                FilterType = query.FilterType,
                Fields = query.Fields,
                Input = query.Input,
                BatchSize = query.BatchSize,
                NextPageToken = query.NextPageToken,
            };
            var bytes = JsonSerializer.SerializeToUtf8Bytes(body, MarketoJsonContext.Default.QueryCustomObjectsRequestDto);
            var uri = _endpoints.Rest(path, [("_method", "GET")]);
            envelope = await CallAsync(HttpMethod.Post, uri, () => JsonBytes(bytes), MarketoJsonContext.Default.MarketoEnvelopeJsonObject, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            (string, string?)[] parameters =
            [
                ("filterType", query.FilterType),
                ("filterValues", string.Join(',', query.FilterValues)),
                ("fields", query.Fields is { Count: > 0 } ? string.Join(',', query.Fields) : null),
                ("batchSize", query.BatchSize?.ToString(CultureInfo.InvariantCulture)),
                ("nextPageToken", query.NextPageToken),
            ];
            var uri = _endpoints.Rest(path, parameters);
            if (uri.OriginalString.Length <= MaxUriLength)
            {
                envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeJsonObject, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                // A URI over 8 KB gets HTTP 414: Marketo's override is POST ?_method=GET with the query string in the body.
                var form = parameters.Where(p => p.Item2 is not null).Select(p => new KeyValuePair<string, string>(p.Item1, p.Item2!)).ToList();
                var postUri = _endpoints.Rest(path, [("_method", "GET")]);
                envelope = await CallAsync(HttpMethod.Post, postUri, () => new FormUrlEncodedContent(form), MarketoJsonContext.Default.MarketoEnvelopeJsonObject, cancellationToken).ConfigureAwait(false);
            }
        }

        return new CustomObjectQueryResult(envelope.Result ?? [], envelope.NextPageToken, envelope.MoreResult ?? false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomObjectRecordResult>> SyncCustomObjectsAsync(string apiName, IReadOnlyList<JsonObject> records, CustomObjectSyncAction action = CustomObjectSyncAction.CreateOrUpdate, CustomObjectKeyType dedupeBy = CustomObjectKeyType.DedupeFields, CancellationToken cancellationToken = default)
    {
        CheckBatch(records, nameof(records));
        var body = new SyncCustomObjectsRequestDto { Action = ActionText(action), DedupeBy = KeyText(dedupeBy), Input = records };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, MarketoJsonContext.Default.SyncCustomObjectsRequestDto);
        var uri = _endpoints.Rest($"v1/customobjects/{ApiNameSegment(apiName)}.json");
        var envelope = await CallAsync(HttpMethod.Post, uri, () => JsonBytes(bytes), MarketoJsonContext.Default.MarketoEnvelopeRecordResultDto, cancellationToken).ConfigureAwait(false);
        return (envelope.Result ?? []).Select(ToRecordResult).ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CustomObjectRecordResult>> DeleteCustomObjectsAsync(string apiName, IReadOnlyList<JsonObject> keys, CustomObjectKeyType deleteBy = CustomObjectKeyType.DedupeFields, CancellationToken cancellationToken = default)
    {
        CheckBatch(keys, nameof(keys));
        var body = new DeleteCustomObjectsRequestDto { DeleteBy = KeyText(deleteBy), Input = keys };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, MarketoJsonContext.Default.DeleteCustomObjectsRequestDto);
        var uri = _endpoints.Rest($"v1/customobjects/{ApiNameSegment(apiName)}/delete.json");
        var envelope = await CallAsync(HttpMethod.Post, uri, () => JsonBytes(bytes), MarketoJsonContext.Default.MarketoEnvelopeRecordResultDto, cancellationToken).ConfigureAwait(false);
        return (envelope.Result ?? []).Select(ToRecordResult).ToList();
    }

    /// <inheritdoc />
    public async Task CreateOrUpdateCustomObjectTypeAsync(CustomObjectTypeDefinition definition, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var body = new CustomObjectTypeRequestDto
        {
            Action = definition.Action is { } a ? ActionText(a) : null,
            ApiName = definition.ApiName,
            DisplayName = definition.DisplayName,
            PluralName = definition.PluralName,
            Description = definition.Description,
            ShowInLeadDetail = definition.ShowInLeadDetail,
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, MarketoJsonContext.Default.CustomObjectTypeRequestDto);
        var uri = _endpoints.Rest("v1/customobjects/schema.json");
        await CallAsync(HttpMethod.Post, uri, () => JsonBytes(bytes), MarketoJsonContext.Default.MarketoEnvelopeJsonElement, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AddCustomObjectFieldsAsync(string apiName, IReadOnlyList<CustomObjectFieldDefinition> fields, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var body = new AddCustomObjectFieldsRequestDto
        {
            Input = fields.Select(f => new CustomObjectFieldRequestDto
            {
                Name = f.Name,
                DisplayName = f.DisplayName,
                DataType = f.DataType,
                Description = f.Description,
                IsDedupeField = f.IsDedupeField,
                RelatedTo = f.RelatedTo is { } r ? new CustomObjectLinkDto { Name = r.Name, Field = r.Field } : null,
            }).ToList(),
        };
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body, MarketoJsonContext.Default.AddCustomObjectFieldsRequestDto);
        var uri = _endpoints.Rest($"v1/customobjects/schema/{ApiNameSegment(apiName)}/addField.json");
        await CallAsync(HttpMethod.Post, uri, () => JsonBytes(bytes), MarketoJsonContext.Default.MarketoEnvelopeJsonElement, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task ApproveCustomObjectTypeAsync(string apiName, CancellationToken cancellationToken = default)
    {
        var uri = _endpoints.Rest($"v1/customobjects/schema/{ApiNameSegment(apiName)}/approve.json");
        await CallAsync(HttpMethod.Post, uri, null, MarketoJsonContext.Default.MarketoEnvelopeJsonElement, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<CustomObjectMetadata?> DescribeCustomObjectTypeAsync(string apiName, CustomObjectTypeState? state = null, CancellationToken cancellationToken = default)
    {
        var stateText = state switch
        {
            CustomObjectTypeState.Draft => "draft",
            CustomObjectTypeState.Approved => "approved",
            CustomObjectTypeState.ApprovedWithDraft => "approvedWithDraft",
            _ => null,
        };
        var uri = _endpoints.Rest($"v1/customobjects/schema/{ApiNameSegment(apiName)}/describe.json", [("state", stateText)]);
        return await DescribeAsync(uri, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A describe call; an empty result or 1013 "not found" means the type (or that version of it) does not exist.</summary>
    private async Task<CustomObjectMetadata?> DescribeAsync(Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeCustomObjectMetadataDto, cancellationToken).ConfigureAwait(false);
            return envelope.Result is { Count: > 0 } r ? ToMetadata(r[0]) : null;
        }
        catch (MarketoApiException ex) when (ex.Code == MarketoErrorCode.ObjectNotFound)
        {
            return null;
        }
    }

    // ---------------------------------------------------------------- usage, activity types

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiUsageDay>> GetUsageAsync(CancellationToken cancellationToken = default) =>
        UsageAsync("v1/stats/usage.json", cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiUsageDay>> GetUsageLast7DaysAsync(CancellationToken cancellationToken = default) =>
        UsageAsync("v1/stats/usage/last7days.json", cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyList<ApiErrorDay>> GetErrorsAsync(CancellationToken cancellationToken = default)
    {
        var uri = _endpoints.Rest("v1/stats/errors.json");
        var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeErrorDayDto, cancellationToken).ConfigureAwait(false);
        return (envelope.Result ?? [])
            .Select(d => new ApiErrorDay(
                ParseDay(d.Date, uri),
                d.Total,
                (d.Errors ?? []).Select(e => new ApiErrorCount(new MarketoErrorCode(e.ErrorCode ?? "unknown"), e.Count)).ToList()))
            .ToList();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActivityType>> GetActivityTypesAsync(CancellationToken cancellationToken = default)
    {
        var uri = _endpoints.Rest("v1/activities/types.json");
        var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeActivityTypeDto, cancellationToken).ConfigureAwait(false);
        return (envelope.Result ?? [])
            .Select(t => new ActivityType(
                t.Id,
                t.Name ?? string.Empty,
                t.Description,
                t.ApiName,
                t.PrimaryAttribute is { } p ? ToAttribute(p) : null,
                (t.Attributes ?? []).Select(ToAttribute).ToList()))
            .ToList();
    }

    // ---------------------------------------------------------------- the call pipeline

    internal static byte[] WriteCreateExportBody(ExportJobRequest request)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (request.Fields is not null)
            {
                writer.WriteStartArray("fields");
                foreach (var f in request.Fields)
                {
                    writer.WriteStringValue(f);
                }

                writer.WriteEndArray();
            }

            writer.WriteString("format", string.IsNullOrWhiteSpace(request.Format) ? "CSV" : request.Format);
            if (request.ColumnHeaderNames is { Count: > 0 } headers)
            {
                writer.WriteStartObject("columnHeaderNames");
                foreach (var (key, value) in headers)
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            writer.WriteStartObject("filter");
            request.Filter.Write(writer);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task<ExportJob> JobCallAsync(HttpMethod method, ExportEntity entity, string exportId, string action, CancellationToken cancellationToken)
    {
        ValidateEntity(entity);
        ArgumentException.ThrowIfNullOrWhiteSpace(exportId);
        var uri = _endpoints.Bulk($"v1/{entity.PathSegment}/export/{Uri.EscapeDataString(exportId)}/{action}");
        var envelope = await CallAsync(method, uri, null, MarketoJsonContext.Default.MarketoEnvelopeExportJobDto, cancellationToken).ConfigureAwait(false);
        return SingleJob(envelope, uri);
    }

    private async Task<IReadOnlyList<ApiUsageDay>> UsageAsync(string path, CancellationToken cancellationToken)
    {
        var uri = _endpoints.Rest(path);
        var envelope = await CallAsync(HttpMethod.Get, uri, null, MarketoJsonContext.Default.MarketoEnvelopeUsageDayDto, cancellationToken).ConfigureAwait(false);
        return (envelope.Result ?? [])
            .Select(d => new ApiUsageDay(
                ParseDay(d.Date, uri),
                d.Total,
                (d.Users ?? []).Select(u => new ApiUserUsage(u.UserId ?? string.Empty, u.Count)).ToList()))
            .ToList();
    }

    private Task<MarketoEnvelope<T>> CallAsync<T>(HttpMethod method, Uri uri, Func<HttpContent>? content, JsonTypeInfo<MarketoEnvelope<T>> typeInfo, CancellationToken cancellationToken) =>
        ExecuteAsync(ct => SendOnceAsync(method, uri, content, typeInfo, ct), method, uri, cancellationToken);

    /// <summary>Runs one logical call through the retry pipeline and maps transport failures that outlived the retries.</summary>
    private async Task<TResult> ExecuteAsync<TResult>(Func<CancellationToken, Task<TResult>> attempt, HttpMethod method, Uri uri, CancellationToken cancellationToken)
    {
        try
        {
            return await _retry.Pipeline.ExecuteAsync(async ct => await attempt(ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or TimeoutRejectedException or TimeoutException or IOException)
        {
            var what = ex is TimeoutRejectedException or TimeoutException ? $"timed out (Marketo:RequestTimeout {_options.RequestTimeout})" : ex.Message;
            throw new MarketoUnreachableException(
                $"Marketo at {_endpoints.Root} could not be reached for {method} {uri.AbsolutePath} after {_options.MaxRetryAttempts + 1} attempts: {what}. Check the network and Marketo:BaseUrl.",
                ex);
        }
    }

    private async Task<MarketoEnvelope<T>> SendOnceAsync<T>(HttpMethod method, Uri uri, Func<HttpContent>? content, JsonTypeInfo<MarketoEnvelope<T>> typeInfo, CancellationToken cancellationToken)
    {
        using var slot = await _governor.AcquireAsync(cancellationToken).ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            return await SendAdmittedAsync(method, uri, content, typeInfo, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw AttemptTimedOut(method, uri, ex);
        }
    }

    private async Task<MarketoEnvelope<T>> SendAdmittedAsync<T>(HttpMethod method, Uri uri, Func<HttpContent>? content, JsonTypeInfo<MarketoEnvelope<T>> typeInfo, CancellationToken cancellationToken)
    {
        for (var authAttempt = 0; ; authAttempt++)
        {
            var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
            using var request = new HttpRequestMessage(method, uri);
            request.Content = content?.Invoke();
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            request.Headers.Accept.ParseAdd("application/json");
            var started = _time.GetTimestamp();
            using var response = await SendLoggedAsync(request, HttpCompletionOption.ResponseHeadersRead, started, cancellationToken).ConfigureAwait(false);
            try
            {
                var envelope = await MarketoResponseReader.ReadEnvelopeAsync(response, typeInfo, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                Log.CallCompleted(_logger, method.Method, uri.AbsolutePath, (int)response.StatusCode, Elapsed(started));
                LogWarnings(envelope.Warnings, uri);
                return envelope;
            }
            catch (MarketoApiException ex) when (authAttempt == 0 && IsTokenRejection(ex.Code))
            {
                Log.TokenRejected(_logger, ex.Code.Value);
                _tokens.Invalidate(token);
            }
            catch (MarketoApiException ex)
            {
                Log.CallFailed(_logger, method.Method, uri.AbsolutePath, (int)response.StatusCode, ex.Code.Value, ex.Message, ex.RequestId, Elapsed(started));
                throw;
            }
            catch (MarketoHttpException ex)
            {
                Log.CallFailed(_logger, method.Method, uri.AbsolutePath, ex.StatusCode, "-", ex.Message, null, Elapsed(started));
                throw;
            }
        }
    }

    private async Task<ExportFileStream> OpenFileOnceAsync(Uri uri, long offset, CancellationToken cancellationToken)
    {
        var slot = await _governor.AcquireAsync(cancellationToken).ConfigureAwait(false);
        HttpResponseMessage? response = null;
        var outer = cancellationToken;
        using var deadline = new CancellationTokenSource(_options.RequestTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(outer, deadline.Token);
        cancellationToken = linked.Token;
        try
        {
            for (var authAttempt = 0; ; authAttempt++)
            {
                var token = await _tokens.GetTokenAsync(cancellationToken).ConfigureAwait(false);
                var request = new HttpRequestMessage(HttpMethod.Get, uri);
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                if (offset > 0)
                {
                    request.Headers.Range = new RangeHeaderValue(offset, null);
                }

                var started = _time.GetTimestamp();
                response = await SendLoggedAsync(request, HttpCompletionOption.ResponseHeadersRead, started, cancellationToken).ConfigureAwait(false);

                // Envelope errors (601/602, 606, ...) arrive as JSON with HTTP 200; a file is never JSON.
                if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json")
                {
                    try
                    {
                        await MarketoResponseReader.ReadEnvelopeAsync(response, MarketoJsonContext.Default.MarketoEnvelopeJsonElement, _time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
                        throw new MarketoHttpException((int)response.StatusCode, $"Marketo answered GET {uri.AbsolutePath} with a JSON envelope instead of the file.");
                    }
                    catch (MarketoApiException ex) when (authAttempt == 0 && IsTokenRejection(ex.Code))
                    {
                        Log.TokenRejected(_logger, ex.Code.Value);
                        _tokens.Invalidate(token);
                        response.Dispose();
                        response = null;
                        continue;
                    }
                    catch (MarketoApiException ex)
                    {
                        Log.CallFailed(_logger, "GET", uri.AbsolutePath, (int)response.StatusCode, ex.Code.Value, ex.Message, ex.RequestId, Elapsed(started));
                        throw;
                    }
                }

                try
                {
                    await MarketoResponseReader.ThrowIfHttpErrorAsync(response, cancellationToken).ConfigureAwait(false);
                }
                catch (MarketoHttpException ex)
                {
                    Log.CallFailed(_logger, "GET", uri.AbsolutePath, ex.StatusCode, "-", ex.Message, null, Elapsed(started));
                    throw;
                }

                var (total, length) = ValidateFileResponse(response, offset, uri);
                Log.CallCompleted(_logger, "GET", uri.AbsolutePath, (int)response.StatusCode, Elapsed(started));
                var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                var owner = new DownloadOwner(response, slot, _options.FileDownloadTimeout, _time);
                return new ExportFileStream(content, offset, total, length, owner);
            }
        }
        catch (OperationCanceledException ex) when (deadline.IsCancellationRequested && !outer.IsCancellationRequested)
        {
            response?.Dispose();
            slot.Dispose();
            throw AttemptTimedOut(HttpMethod.Get, uri, ex);
        }
        catch
        {
            response?.Dispose();
            slot.Dispose();
            throw;
        }
    }

    private TimeoutException AttemptTimedOut(HttpMethod method, Uri uri, Exception inner) =>
        new($"Marketo did not answer {method} {uri.AbsolutePath} within Marketo:RequestTimeout ({_options.RequestTimeout}).", inner);

    private static (long? Total, long? Length) ValidateFileResponse(HttpResponseMessage response, long offset, Uri uri)
    {
        var length = response.Content.Headers.ContentLength;
        if (response.StatusCode == HttpStatusCode.PartialContent)
        {
            var range = response.Content.Headers.ContentRange;
            if (range is null || !range.HasRange || range.From != offset)
            {
                throw new MarketoHttpException(
                    206,
                    $"Marketo answered GET {uri.AbsolutePath} for bytes from {offset} with Content-Range '{range}', which does not start at {offset}. Restart the download from offset 0.");
            }

            return (range.Length, length);
        }

        if (offset > 0)
        {
            throw new MarketoHttpException(
                (int)response.StatusCode,
                $"Marketo answered GET {uri.AbsolutePath} with HTTP {(int)response.StatusCode} instead of 206 to a Range request from byte {offset}; the download cannot resume. Restart it from offset 0.");
        }

        return (length, length);
    }

    private async Task<HttpResponseMessage> SendLoggedAsync(HttpRequestMessage request, HttpCompletionOption completion, long started, CancellationToken cancellationToken)
    {
        try
        {
            return await _http.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            Log.CallTransportFailed(_logger, request.Method.Method, request.RequestUri?.AbsolutePath ?? string.Empty, Elapsed(started), ex.Message);
            throw;
        }
    }

    private long Elapsed(long started) => (long)_time.GetElapsedTime(started).TotalMilliseconds;

    private void LogWarnings(List<JsonElement>? warnings, Uri uri)
    {
        if (warnings is not { Count: > 0 } || !_logger.IsEnabled(LogLevel.Information))
        {
            return;
        }

        foreach (var w in warnings)
        {
            Log.ResponseWarning(_logger, uri.AbsolutePath, MarketoResponseReader.FormatWarning(w));
        }
    }

    private static bool IsTokenRejection(MarketoErrorCode code) =>
        code == MarketoErrorCode.AccessTokenInvalid || code == MarketoErrorCode.AccessTokenExpired;

    private static ByteArrayContent JsonBytes(byte[] bytes)
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = JsonMediaType;
        return content;
    }

    // ---------------------------------------------------------------- mapping

    private static ExportJob SingleJob(MarketoEnvelope<ExportJobDto> envelope, Uri uri) =>
        envelope.Result is { Count: > 0 } r
            ? ToJob(r[0], uri)
            : throw new MarketoHttpException(200, $"Marketo answered {uri.AbsolutePath} with success but no job in the result.");

    internal static ExportJob ToJob(ExportJobDto dto, Uri uri)
    {
        if (string.IsNullOrEmpty(dto.ExportId) || dto.CreatedAt is null)
        {
            throw new MarketoHttpException(200, $"Marketo answered {uri.AbsolutePath} with a job without exportId or createdAt.");
        }

        return new ExportJob(
            dto.ExportId,
            ParseStatus(dto.Status, uri),
            dto.Format ?? "CSV",
            dto.CreatedAt.Value,
            dto.QueuedAt,
            dto.StartedAt,
            dto.FinishedAt,
            dto.NumberOfRecords,
            dto.FileSize,
            dto.FileChecksum,
            dto.ErrorMsg);
    }

    internal static ExportJobStatus ParseStatus(string? status, Uri uri) => status?.Trim().ToLowerInvariant() switch
    {
        "created" => ExportJobStatus.Created,
        "queued" => ExportJobStatus.Queued,
        "processing" => ExportJobStatus.Processing,
        "completed" => ExportJobStatus.Completed,
        "failed" => ExportJobStatus.Failed,
        "cancelled" or "canceled" => ExportJobStatus.Cancelled,
        _ => throw new MarketoHttpException(200, $"Marketo answered {uri.AbsolutePath} with an unknown export status '{status}'."),
    };

    private static string StatusText(ExportJobStatus status) => status switch
    {
        ExportJobStatus.Created => "Created",
        ExportJobStatus.Queued => "Queued",
        ExportJobStatus.Processing => "Processing",
        ExportJobStatus.Completed => "Completed",
        ExportJobStatus.Failed => "Failed",
        ExportJobStatus.Cancelled => "Cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Unknown export status."),
    };

    private static CustomObjectMetadata ToMetadata(CustomObjectMetadataDto d) => new(
        d.ApiName ?? d.Name ?? string.Empty,
        d.DisplayName,
        d.Description,
        d.PluralName,
        d.CreatedAt,
        d.UpdatedAt,
        d.IdField,
        d.DedupeFields ?? [],
        (d.SearchableFields ?? []).Select(g => (IReadOnlyList<string>)g).ToList(),
        (d.Relationships ?? []).Select(r => new CustomObjectRelationship(
            r.Field ?? string.Empty,
            r.Type,
            (r.RelatedTo ?? r.Object) is { } link ? new CustomObjectLink(link.Name ?? string.Empty, link.Field ?? string.Empty) : null)).ToList(),
        (d.Fields ?? []).Select(f => new CustomObjectFieldMetadata(
            f.Name ?? string.Empty,
            f.DisplayName,
            f.DataType ?? "string",
            f.Description,
            f.Length,
            f.Updateable ?? true,
            f.CrmManaged ?? false)).ToList(),
        d.State,
        d.Version);

    internal static LeadDatabaseObjectMetadata ToObjectMetadata(LeadDatabaseDescribeDto d) => new(
        d.Name ?? string.Empty,
        d.Description,
        [.. (d.DedupeFields ?? []).OfType<string>()],
        [.. (d.SearchableFields ?? []).OfType<List<string?>>().Select(g => (IReadOnlyList<string>)[.. g.OfType<string>()])],
        [.. (d.Fields ?? []).OfType<LeadDatabaseFieldDto>().Where(f => !string.IsNullOrEmpty(f.Name)).Select(f => new LeadDatabaseFieldMetadata(
            f.Name!,
            f.DisplayName,
            string.IsNullOrEmpty(f.DataType) ? "string" : f.DataType,
            f.Length,
            f.Updateable ?? false,
            f.CrmManaged ?? false))]);

    private static CustomObjectRecordResult ToRecordResult(RecordResultDto r) => new(
        r.Seq,
        r.MarketoGuid,
        r.Status?.ToLowerInvariant() switch
        {
            "created" => CustomObjectRecordStatus.Created,
            "updated" => CustomObjectRecordStatus.Updated,
            "deleted" => CustomObjectRecordStatus.Deleted,
            "skipped" => CustomObjectRecordStatus.Skipped,
            _ => CustomObjectRecordStatus.Unknown,
        },
        (r.Reasons ?? []).Select(x => new MarketoRecordReason(new MarketoErrorCode(x.Code ?? "unknown"), x.Message ?? string.Empty)).ToList());

    private static ActivityTypeAttribute ToAttribute(ActivityTypeAttributeDto a) => new(a.Name ?? string.Empty, a.DataType, a.ApiName);

    private static DateOnly ParseDay(string? text, Uri uri)
    {
        if (text is { Length: >= 10 } && DateOnly.TryParseExact(text.AsSpan(0, 10), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        throw new MarketoHttpException(200, $"Marketo answered {uri.AbsolutePath} with a date '{text}' that is not yyyy-MM-dd.");
    }

    private static string ActionText(CustomObjectSyncAction action) => action switch
    {
        CustomObjectSyncAction.CreateOrUpdate => "createOrUpdate",
        CustomObjectSyncAction.UpdateOnly => "updateOnly",
        CustomObjectSyncAction.CreateOnly => "createOnly",
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Unknown sync action."),
    };

    private static string KeyText(CustomObjectKeyType key) => key switch
    {
        CustomObjectKeyType.DedupeFields => "dedupeFields",
        CustomObjectKeyType.IdField => "idField",
        _ => throw new ArgumentOutOfRangeException(nameof(key), key, "Unknown key type."),
    };

    private static void CheckBatch(IReadOnlyList<JsonObject> records, string name)
    {
        ArgumentNullException.ThrowIfNull(records, name);
        if (records.Count is 0 or > MaxRecordsPerCall)
        {
            throw new ArgumentException($"A custom object call takes 1 to {MaxRecordsPerCall} records; got {records.Count}. Split the input into batches of {MaxRecordsPerCall}.", name);
        }
    }

    private static string ApiNameSegment(string apiName)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(apiName);
        return Uri.EscapeDataString(apiName);
    }

    private static void ValidateEntity(ExportEntity entity)
    {
        if (entity.Kind == ExportEntityKind.CustomObject && string.IsNullOrEmpty(entity.CustomObjectApiName))
        {
            throw new ArgumentException("A custom object export entity needs an API name; create it with ExportEntity.CustomObject(apiName).", nameof(entity));
        }
    }

    private static string ExpectedFilter(ExportEntityKind kind) => kind switch
    {
        ExportEntityKind.Leads => nameof(LeadExportFilter),
        ExportEntityKind.Activities => nameof(ActivityExportFilter),
        ExportEntityKind.ProgramMembers => nameof(ProgramMemberExportFilter),
        _ => nameof(CustomObjectExportFilter),
    };

    /// <summary>Owns what a download stream holds: the response, the governor slot and the download deadline.</summary>
    private sealed class DownloadOwner : IDisposable
    {
        private readonly HttpResponseMessage _response;
        private readonly IDisposable _slot;
        private readonly CancellationTokenSource _deadline;
        private readonly CancellationTokenRegistration _registration;
        private int _disposed;

        public DownloadOwner(HttpResponseMessage response, IDisposable slot, TimeSpan timeout, TimeProvider time)
        {
            _response = response;
            _slot = slot;
            _deadline = new CancellationTokenSource(timeout, time);

            // Past Marketo:FileDownloadTimeout the connection is torn down, so a stalled read fails instead of hanging.
            _registration = _deadline.Token.Register(static r => ((HttpResponseMessage)r!).Dispose(), response);
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) != 0)
            {
                return;
            }

            _registration.Dispose();
            _deadline.Dispose();
            _response.Dispose();
            _slot.Dispose();
        }
    }
}
