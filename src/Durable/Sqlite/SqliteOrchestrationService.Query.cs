using System.Globalization;
using System.Text;
using DurableTask.Core;
using DurableTask.Core.Query;

namespace MarketoExport.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    /// <summary>
    /// Instances matching the query, oldest first, a page at a time; the continuation token is the last row's
    /// (created time, instance id), so pages stay stable while instances are added.
    /// </summary>
    /// <inheritdoc />
    public Task<OrchestrationQueryResult> GetOrchestrationWithQueryAsync(OrchestrationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.TaskHubNames is { Count: > 0 } hubs && !hubs.Contains(_options.TaskHubName, StringComparer.OrdinalIgnoreCase))
        {
            return Task.FromResult(new OrchestrationQueryResult([], null));
        }

        int pageSize = Math.Clamp(query.PageSize, 1, 1000);
        var sql = new StringBuilder($"SELECT {InstanceColumns} FROM instances WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        AppendFilters(sql, parameters, query.RuntimeStatus, query.CreatedTimeFrom, query.CreatedTimeTo);
        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            sql.Append(" AND substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        if (!string.IsNullOrEmpty(query.ContinuationToken))
        {
            (long created, string afterId) = ParseContinuationToken(query.ContinuationToken);
            sql.Append(" AND (created_at > $afterCreated OR (created_at = $afterCreated AND instance_id > $afterId))");
            parameters.Add(("$afterCreated", created));
            parameters.Add(("$afterId", afterId));
        }

        sql.Append(" ORDER BY created_at, instance_id LIMIT $limit");
        parameters.Add(("$limit", pageSize + 1));
        string text = sql.ToString();
        return Database.RunAsync(
            () =>
            {
                List<OrchestrationState> rows = Database.Query(text, r => ReadState(r, query.FetchInputsAndOutputs), [.. parameters]);
                string? token = null;
                if (rows.Count > pageSize)
                {
                    rows.RemoveAt(rows.Count - 1);
                    OrchestrationState last = rows[^1];
                    token = CreateContinuationToken(last.CreatedTime.Ticks, last.OrchestrationInstance.InstanceId);
                }

                return new OrchestrationQueryResult(rows, token);
            },
            cancellationToken);
    }

    /// <summary>Purges an ended instance (history, messages and row).</summary>
    /// <exception cref="InvalidOperationException">The instance has not ended (Pending, Running or Suspended).</exception>
    /// <inheritdoc />
    public async Task<PurgeResult> PurgeInstanceStateAsync(string instanceId)
        => new(await PurgeInstanceAsync(instanceId, recursive: false).ConfigureAwait(false));

    /// <summary>
    /// Purges the ended instances that match the filter. A filter that asks for statuses of instances that have
    /// not ended is refused; without a status filter only ended instances are purged.
    /// </summary>
    /// <exception cref="InvalidOperationException">The filter names a status of instances that have not ended.</exception>
    /// <inheritdoc />
    public Task<PurgeResult> PurgeInstanceStateAsync(PurgeInstanceFilter purgeInstanceFilter)
    {
        ArgumentNullException.ThrowIfNull(purgeInstanceFilter);
        ICollection<OrchestrationStatus>? statuses = purgeInstanceFilter.RuntimeStatus?.ToList();
        if (statuses is { Count: > 0 } && statuses.Any(s => !IsTerminal(s)))
        {
            throw new InvalidOperationException(
                $"Only Completed, Failed or Terminated instances can be purged; the filter asks for {string.Join(", ", statuses.Where(s => !IsTerminal(s)))}. " +
                "Terminate those instances first.");
        }

        if (statuses is not { Count: > 0 })
        {
            statuses = [OrchestrationStatus.Completed, OrchestrationStatus.Failed, OrchestrationStatus.Terminated, OrchestrationStatus.Canceled];
        }

        var sql = new StringBuilder("SELECT instance_id FROM instances WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        DateTime? from = purgeInstanceFilter.CreatedTimeFrom == default ? null : purgeInstanceFilter.CreatedTimeFrom;
        AppendFilters(sql, parameters, statuses, from, purgeInstanceFilter.CreatedTimeTo);
        string text = sql.ToString();
        return Database.InTransactionAsync(() =>
        {
            List<string> ids = Database.Query(text, r => r.GetString(0), [.. parameters]);
            foreach (string id in ids)
            {
                DeleteInstanceData(id, deleteRow: true);
            }

            return new PurgeResult(ids.Count, isComplete: true);
        });
    }

    /// <inheritdoc />
    public Task<int> PurgeInstanceAsync(string instanceId, bool recursive, CancellationToken cancellationToken = default)
        => Database.InTransactionAsync(
            () =>
            {
                var ids = new List<string>();
                CollectForPurge(instanceId, recursive, ids);
                foreach (string id in ids)
                {
                    DeleteInstanceData(id, deleteRow: true);
                }

                return ids.Count;
            },
            cancellationToken);

    private void CollectForPurge(string instanceId, bool recursive, List<string> ids)
    {
        string? status = Database.ScalarString("SELECT status FROM instances WHERE instance_id = $id", ("$id", instanceId));
        if (status is null)
        {
            return;
        }

        if (!IsTerminal(ParseStatus(status)))
        {
            throw new InvalidOperationException(
                $"Instance '{instanceId}' is {status}: only Completed, Failed or Terminated instances can be purged. Terminate it first, or wait for it to end.");
        }

        ids.Add(instanceId);
        if (recursive)
        {
            foreach (string child in Database.Query("SELECT instance_id FROM instances WHERE parent_instance_id = $id", r => r.GetString(0), ("$id", instanceId)))
            {
                CollectForPurge(child, recursive, ids);
            }
        }
    }

    private static void AppendFilters(StringBuilder sql, List<(string, object?)> parameters, IEnumerable<OrchestrationStatus>? statuses, DateTime? from, DateTime? to)
    {
        List<OrchestrationStatus>? list = statuses?.Distinct().ToList();
        if (list is { Count: > 0 })
        {
            sql.Append(" AND status IN (");
            for (int i = 0; i < list.Count; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append("$s").Append(i.ToString(CultureInfo.InvariantCulture));
                parameters.Add(($"$s{i}", list[i].ToString()));
            }

            sql.Append(')');
        }

        if (from is { } f)
        {
            sql.Append(" AND created_at >= $from");
            parameters.Add(("$from", f.ToUniversalTime().Ticks));
        }

        if (to is { } t)
        {
            sql.Append(" AND created_at <= $to");
            parameters.Add(("$to", t.ToUniversalTime().Ticks));
        }
    }

    private static string CreateContinuationToken(long createdTicks, string instanceId)
        => Convert.ToBase64String(Encoding.UTF8.GetBytes(createdTicks.ToString(CultureInfo.InvariantCulture) + "|" + instanceId));

    private static (long Created, string InstanceId) ParseContinuationToken(string token)
    {
        try
        {
            string text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            int bar = text.IndexOf('|', StringComparison.Ordinal);
            return (long.Parse(text.AsSpan(0, bar), CultureInfo.InvariantCulture), text[(bar + 1)..]);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentOutOfRangeException or OverflowException)
        {
            throw new ArgumentException("The continuation token is not one this provider issued.", nameof(token), ex);
        }
    }
}
