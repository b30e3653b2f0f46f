using System.Text.Json.Nodes;

namespace MarketoExport.Marketo;

/// <summary>The <see cref="IMarketoClient"/> implementation; obtain it through <see cref="MarketoServiceCollectionExtensions.AddMarketoClient"/>.</summary>
public sealed class MarketoClient : IMarketoClient
{
    /// <inheritdoc />
    public Task<ExportJob> CreateExportJobAsync(ExportEntity entity, ExportJobRequest request, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<ExportJob> EnqueueExportJobAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<ExportJob> GetExportJobStatusAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<ExportJob> CancelExportJobAsync(ExportEntity entity, string exportId, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<ExportJob>> ListExportJobsAsync(ExportEntity entity, IReadOnlyCollection<ExportJobStatus>? statuses = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<ExportFileStream> OpenExportFileAsync(ExportEntity entity, string exportId, long offset = 0, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomObjectMetadata>> ListCustomObjectTypesAsync(IReadOnlyCollection<string>? names = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<CustomObjectMetadata?> DescribeCustomObjectAsync(string apiName, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<CustomObjectQueryResult> QueryCustomObjectsAsync(string apiName, CustomObjectQuery query, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomObjectRecordResult>> SyncCustomObjectsAsync(string apiName, IReadOnlyList<JsonObject> records, CustomObjectSyncAction action = CustomObjectSyncAction.CreateOrUpdate, CustomObjectKeyType dedupeBy = CustomObjectKeyType.DedupeFields, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<CustomObjectRecordResult>> DeleteCustomObjectsAsync(string apiName, IReadOnlyList<JsonObject> keys, CustomObjectKeyType deleteBy = CustomObjectKeyType.DedupeFields, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task CreateOrUpdateCustomObjectTypeAsync(CustomObjectTypeDefinition definition, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task AddCustomObjectFieldsAsync(string apiName, IReadOnlyList<CustomObjectFieldDefinition> fields, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task ApproveCustomObjectTypeAsync(string apiName, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<CustomObjectMetadata?> DescribeCustomObjectTypeAsync(string apiName, CustomObjectTypeState? state = null, CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiUsageDay>> GetUsageAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiUsageDay>> GetUsageLast7DaysAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<ApiErrorDay>> GetErrorsAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();

    /// <inheritdoc />
    public Task<IReadOnlyList<ActivityType>> GetActivityTypesAsync(CancellationToken cancellationToken = default) => throw new NotImplementedException();
}
