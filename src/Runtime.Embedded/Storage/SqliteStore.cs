using System.Globalization;
using System.Text;
using System.Text.Json;
using MarketoExport.Orchestrations.Abstractions;
using MarketoExport.Runtime.Embedded.Replay;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Runtime.Embedded.Storage;

/// <summary>
/// The engine's SQLite tables. Not thread-safe: the engine serialises every call through one gate, and every
/// orchestration turn is one transaction.
/// </summary>
internal sealed class SqliteStore : IDisposable
{
    private const string Schema = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            status TEXT NOT NULL,
            input TEXT, output TEXT, custom_status TEXT, failure TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            parent_id TEXT, parent_task_id INTEGER NOT NULL DEFAULT -1, parent_generation INTEGER NOT NULL DEFAULT 0,
            generation INTEGER NOT NULL DEFAULT 0,
            dispatch_count INTEGER NOT NULL DEFAULT 0,
            next_seq INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(created_at);
        CREATE INDEX IF NOT EXISTS ix_instances_parent ON instances(parent_id);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            type TEXT NOT NULL,
            task_id INTEGER NOT NULL,
            name TEXT, data TEXT, failure TEXT, ref TEXT, fire_at INTEGER,
            attempt INTEGER NOT NULL DEFAULT 1,
            ts INTEGER NOT NULL,
            PRIMARY KEY (instance_id, seq)) WITHOUT ROWID;
        -- A step's result is recorded once: a second completion of the same task cannot be inserted.
        CREATE UNIQUE INDEX IF NOT EXISTS ux_history_result ON history(instance_id, task_id)
            WHERE type IN ('TaskCompleted','TaskFailed','TimerFired','SubOrchestrationCompleted','SubOrchestrationFailed');
        CREATE TABLE IF NOT EXISTS inbox (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            type TEXT NOT NULL,
            task_id INTEGER NOT NULL DEFAULT -1,
            name TEXT, data TEXT, failure TEXT,
            generation INTEGER,
            visible_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_inbox_instance ON inbox(instance_id, id);
        CREATE INDEX IF NOT EXISTS ix_inbox_visible ON inbox(visible_at);
        CREATE TABLE IF NOT EXISTS activities (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            instance_id TEXT NOT NULL,
            generation INTEGER NOT NULL,
            task_id INTEGER NOT NULL,
            name TEXT NOT NULL,
            input TEXT,
            policy_attempt INTEGER NOT NULL DEFAULT 1,
            dispatch_count INTEGER NOT NULL DEFAULT 0,
            status TEXT NOT NULL DEFAULT 'ready',
            lease TEXT,
            error TEXT,
            created_at INTEGER NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_activities_status ON activities(status, id);
        CREATE INDEX IF NOT EXISTS ix_activities_instance ON activities(instance_id);
        CREATE TABLE IF NOT EXISTS owner (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER NOT NULL,
            machine TEXT NOT NULL,
            started_at INTEGER NOT NULL,
            heartbeat_at INTEGER NOT NULL);
        """;

    private static readonly JsonSerializerOptions FailureJson = new(JsonSerializerDefaults.Web);
    private readonly SqliteConnection _connection;

    public SqliteStore(string databasePath)
    {
        _connection = new SqliteConnection(ConnectionString(databasePath));
        _connection.Open();
        // WAL: readers never block the writer. synchronous=NORMAL in WAL survives a process crash (the
        // failure this engine recovers from); a power loss may drop the last few committed turns.
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
        Execute(Schema);
    }

    public static string ConnectionString(string databasePath) => new SqliteConnectionStringBuilder
    {
        DataSource = databasePath,
        Pooling = false,
    }.ToString();

    /// <summary>The process id in the owner row of a database, read by a process refused the lock.</summary>
    public static int? TryReadOwnerPid(string databasePath)
    {
        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = databasePath,
                Mode = SqliteOpenMode.ReadOnly,
                Pooling = false,
            }.ToString());
            connection.Open();
            using SqliteCommand command = connection.CreateCommand();
            command.CommandText = "SELECT pid FROM owner WHERE id = 1";
            return command.ExecuteScalar() is long pid ? (int)pid : null;
        }
        catch (SqliteException)
        {
            return null;
        }
    }

    public SqliteTransaction Begin() => _connection.BeginTransaction();

    public void Dispose() => _connection.Dispose();

    // ---------- owner ----------

    public void WriteOwner(int pid, string machine, DateTime now)
        => Execute(
            "INSERT INTO owner(id, pid, machine, started_at, heartbeat_at) VALUES (1, $pid, $machine, $now, $now) " +
            "ON CONFLICT(id) DO UPDATE SET pid = $pid, machine = $machine, started_at = $now, heartbeat_at = $now",
            ("$pid", pid), ("$machine", machine), ("$now", now.Ticks));

    public void Heartbeat(DateTime now) => Execute("UPDATE owner SET heartbeat_at = $now WHERE id = 1", ("$now", now.Ticks));

    // ---------- instances ----------

    public InstanceRow? GetInstance(string instanceId, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = Command(
            "SELECT * FROM instances WHERE instance_id = $id", tx, ("$id", instanceId));
        using SqliteDataReader reader = command.ExecuteReader();
        return reader.Read() ? ReadInstance(reader) : null;
    }

    public List<InstanceRow> QueryInstances(OrchestrationQuery query)
    {
        var sql = new StringBuilder("SELECT * FROM instances WHERE 1 = 1");
        var parameters = new List<(string, object?)>();
        if (query.Statuses is { Count: > 0 } statuses)
        {
            sql.Append(" AND status IN (");
            for (int i = 0; i < statuses.Count; i++)
            {
                sql.Append(i == 0 ? string.Empty : ", ").Append("$s").Append(i);
                parameters.Add(($"$s{i}", statuses[i].ToString()));
            }

            sql.Append(')');
        }

        if (query.CreatedFrom is { } from)
        {
            sql.Append(" AND created_at >= $from");
            parameters.Add(("$from", from.UtcTicks));
        }

        if (query.CreatedTo is { } to)
        {
            sql.Append(" AND created_at <= $to");
            parameters.Add(("$to", to.UtcTicks));
        }

        if (!string.IsNullOrEmpty(query.InstanceIdPrefix))
        {
            sql.Append(" AND substr(instance_id, 1, length($prefix)) = $prefix");
            parameters.Add(("$prefix", query.InstanceIdPrefix));
        }

        if (!string.IsNullOrEmpty(query.Name))
        {
            sql.Append(" AND name = $name COLLATE NOCASE");
            parameters.Add(("$name", query.Name));
        }

        sql.Append(" ORDER BY created_at DESC, instance_id LIMIT $limit");
        parameters.Add(("$limit", Math.Max(1, query.PageSize)));
        using SqliteCommand command = Command(sql.ToString(), null, [.. parameters]);
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<InstanceRow>();
        while (reader.Read())
        {
            rows.Add(ReadInstance(reader));
        }

        return rows;
    }

    /// <summary>Creates an instance, replacing a finished one with the same id (its history and queues go).</summary>
    public void CreateInstance(SqliteTransaction tx, InstanceRow row, DateTime startAt)
    {
        InstanceRow? existing = GetInstance(row.InstanceId, tx);
        int generation = existing is null ? 0 : existing.Generation + 1;
        if (existing is not null)
        {
            DeleteInstanceData(tx, row.InstanceId, deleteRow: true);
        }

        Execute(
            tx,
            "INSERT INTO instances(instance_id, name, status, input, created_at, updated_at, parent_id, parent_task_id, parent_generation, generation) " +
            "VALUES ($id, $name, $status, $input, $now, $now, $parent, $ptask, $pgen, $gen)",
            ("$id", row.InstanceId), ("$name", row.Name), ("$status", nameof(OrchestrationRuntimeStatus.Pending)),
            ("$input", row.Input), ("$now", row.CreatedAt.Ticks), ("$parent", row.ParentId), ("$ptask", row.ParentTaskId),
            ("$pgen", row.ParentGeneration), ("$gen", generation));
        InsertMessage(tx, row.InstanceId, new HistoryEvent(HistoryEventType.ExecutionStarted, -1, row.CreatedAt)
        {
            Name = row.Name,
            Data = row.Input,
        }, generation, startAt);
    }

    public void DeleteInstanceData(SqliteTransaction tx, string instanceId, bool deleteRow)
    {
        Execute(tx, "DELETE FROM history WHERE instance_id = $id", ("$id", instanceId));
        Execute(tx, "DELETE FROM inbox WHERE instance_id = $id", ("$id", instanceId));
        Execute(tx, "DELETE FROM activities WHERE instance_id = $id", ("$id", instanceId));
        if (deleteRow)
        {
            Execute(tx, "DELETE FROM instances WHERE instance_id = $id", ("$id", instanceId));
        }
    }

    public void UpdateInstance(SqliteTransaction tx, string instanceId, OrchestrationRuntimeStatus status, string? output,
        string? customStatus, TaskFailureDetails? failure, DateTime now, string? input = null, int? generation = null)
        => Execute(
            tx,
            "UPDATE instances SET status = $status, output = $output, custom_status = $custom, failure = $failure, updated_at = $now, " +
            "dispatch_count = 0, input = COALESCE($input, input), generation = COALESCE($gen, generation) WHERE instance_id = $id",
            ("$id", instanceId), ("$status", status.ToString()), ("$output", output), ("$custom", customStatus),
            ("$failure", failure is null ? null : JsonSerializer.Serialize(failure, FailureJson)), ("$now", now.Ticks),
            ("$input", input), ("$gen", generation));

    public void SetStatus(SqliteTransaction tx, string instanceId, OrchestrationRuntimeStatus status, DateTime now)
        => Execute(tx, "UPDATE instances SET status = $status, updated_at = $now WHERE instance_id = $id",
            ("$id", instanceId), ("$status", status.ToString()), ("$now", now.Ticks));

    /// <summary>Counts one more dispatch of an instance's turn; committed before the turn runs.</summary>
    public int IncrementDispatchCount(string instanceId)
    {
        using SqliteCommand command = Command(
            "UPDATE instances SET dispatch_count = dispatch_count + 1 WHERE instance_id = $id RETURNING dispatch_count", null, ("$id", instanceId));
        return System.Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    public List<(string InstanceId, OrchestrationRuntimeStatus Status)> RunningChildren(SqliteTransaction tx, string parentId)
    {
        using SqliteCommand command = Command(
            "SELECT instance_id, status FROM instances WHERE parent_id = $id AND status IN ('Pending','Running','Suspended')", tx, ("$id", parentId));
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<(string, OrchestrationRuntimeStatus)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), Enum.Parse<OrchestrationRuntimeStatus>(reader.GetString(1))));
        }

        return rows;
    }

    // ---------- history ----------

    public List<HistoryEvent> LoadHistory(string instanceId, SqliteTransaction? tx = null)
        => LoadHistoryWithSeq(instanceId, tx).Select(x => x.Event).ToList();

    public List<(long Seq, HistoryEvent Event)> LoadHistoryWithSeq(string instanceId, SqliteTransaction? tx = null)
    {
        using SqliteCommand command = Command(
            "SELECT seq, type, task_id, name, data, failure, ref, fire_at, attempt, ts FROM history WHERE instance_id = $id ORDER BY seq", tx, ("$id", instanceId));
        using SqliteDataReader reader = command.ExecuteReader();
        var events = new List<(long, HistoryEvent)>();
        while (reader.Read())
        {
            events.Add((reader.GetInt64(0), new HistoryEvent(Enum.Parse<HistoryEventType>(reader.GetString(1)), reader.GetInt32(2), Utc(reader.GetInt64(9)))
            {
                Name = NullableString(reader, 3),
                Data = NullableString(reader, 4),
                Failure = ReadFailure(NullableString(reader, 5)),
                Reference = NullableString(reader, 6),
                FireAt = reader.IsDBNull(7) ? null : Utc(reader.GetInt64(7)),
                Attempt = reader.GetInt32(8),
            }));
        }

        return events;
    }

    public bool HasHistory(string instanceId)
    {
        using SqliteCommand command = Command("SELECT EXISTS(SELECT 1 FROM history WHERE instance_id = $id)", null, ("$id", instanceId));
        return System.Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    public void AppendHistory(SqliteTransaction tx, string instanceId, IEnumerable<HistoryEvent> events)
    {
        using SqliteCommand next = Command("SELECT next_seq FROM instances WHERE instance_id = $id", tx, ("$id", instanceId));
        long seq = System.Convert.ToInt64(next.ExecuteScalar() ?? 0L, CultureInfo.InvariantCulture);
        foreach (HistoryEvent e in events)
        {
            Execute(
                tx,
                "INSERT INTO history(instance_id, seq, type, task_id, name, data, failure, ref, fire_at, attempt, ts) " +
                "VALUES ($id, $seq, $type, $task, $name, $data, $failure, $ref, $fire, $attempt, $ts)",
                ("$id", instanceId), ("$seq", seq++), ("$type", e.Type.ToString()), ("$task", e.TaskId), ("$name", e.Name),
                ("$data", e.Data), ("$failure", WriteFailure(e.Failure)), ("$ref", e.Reference), ("$fire", e.FireAt?.Ticks),
                ("$attempt", e.Attempt), ("$ts", e.Timestamp.Ticks));
        }

        Execute(tx, "UPDATE instances SET next_seq = $seq WHERE instance_id = $id", ("$id", instanceId), ("$seq", seq));
    }

    public void DeleteHistoryRows(SqliteTransaction tx, string instanceId, IEnumerable<long> seqs)
    {
        foreach (long seq in seqs)
        {
            Execute(tx, "DELETE FROM history WHERE instance_id = $id AND seq = $seq", ("$id", instanceId), ("$seq", seq));
        }
    }

    public void ClearHistory(SqliteTransaction tx, string instanceId)
        => Execute(tx, "DELETE FROM history WHERE instance_id = $id", ("$id", instanceId));

    // ---------- inbox ----------

    public void InsertMessage(SqliteTransaction tx, string instanceId, HistoryEvent message, int? generation, DateTime visibleAt)
        => Execute(
            tx,
            "INSERT INTO inbox(instance_id, type, task_id, name, data, failure, generation, visible_at) " +
            "VALUES ($id, $type, $task, $name, $data, $failure, $gen, $visible)",
            ("$id", instanceId), ("$type", message.Type.ToString()), ("$task", message.TaskId), ("$name", message.Name),
            ("$data", message.Data), ("$failure", WriteFailure(message.Failure)), ("$gen", generation), ("$visible", visibleAt.Ticks));

    public List<InboxMessage> LoadVisibleMessages(string instanceId, DateTime now)
    {
        using SqliteCommand command = Command(
            "SELECT id, type, task_id, name, data, failure, generation, visible_at FROM inbox WHERE instance_id = $id AND visible_at <= $now ORDER BY id",
            null, ("$id", instanceId), ("$now", now.Ticks));
        using SqliteDataReader reader = command.ExecuteReader();
        var messages = new List<InboxMessage>();
        while (reader.Read())
        {
            var e = new HistoryEvent(Enum.Parse<HistoryEventType>(reader.GetString(1)), reader.GetInt32(2), Utc(reader.GetInt64(7)))
            {
                Name = NullableString(reader, 3),
                Data = NullableString(reader, 4),
                Failure = ReadFailure(NullableString(reader, 5)),
            };
            messages.Add(new InboxMessage(reader.GetInt64(0), e, reader.IsDBNull(6) ? null : reader.GetInt32(6)));
        }

        return messages;
    }

    public void DeleteMessages(SqliteTransaction tx, IEnumerable<long> ids)
    {
        foreach (long id in ids)
        {
            Execute(tx, "DELETE FROM inbox WHERE id = $id", ("$id", id));
        }
    }

    public void DeletePendingWork(SqliteTransaction tx, string instanceId, bool keepEvents)
    {
        Execute(tx, keepEvents
            ? "DELETE FROM inbox WHERE instance_id = $id AND type NOT IN ('EventRaised')"
            : "DELETE FROM inbox WHERE instance_id = $id", ("$id", instanceId));
        Execute(tx, "DELETE FROM activities WHERE instance_id = $id AND status = 'ready'", ("$id", instanceId));
    }

    /// <summary>Instances with a visible message that can be processed now (suspended ones only for control messages).</summary>
    public List<string> ReadyInstances(DateTime now, int limit)
    {
        using SqliteCommand command = Command(
            """
            SELECT m.instance_id FROM inbox m LEFT JOIN instances i ON i.instance_id = m.instance_id
            WHERE m.visible_at <= $now
              AND (i.instance_id IS NULL
                   OR m.type IN ('Terminate', 'Resume', 'Suspend')
                   OR i.status IN ('Running', 'Completed', 'Failed', 'Terminated')
                   OR (i.status = 'Pending' AND m.type = 'ExecutionStarted'))
            GROUP BY m.instance_id ORDER BY MIN(m.id) LIMIT $limit
            """,
            null, ("$now", now.Ticks), ("$limit", limit));
        using SqliteDataReader reader = command.ExecuteReader();
        var ids = new List<string>();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
        }

        return ids;
    }

    /// <summary>The earliest future visibility time of any message (a timer), if any.</summary>
    public DateTime? NextVisibleAt(DateTime now)
    {
        using SqliteCommand command = Command("SELECT MIN(visible_at) FROM inbox WHERE visible_at > $now", null, ("$now", now.Ticks));
        return command.ExecuteScalar() is long ticks ? Utc(ticks) : null;
    }

    public int CountPendingTimers(string instanceId)
    {
        using SqliteCommand command = Command(
            "SELECT COUNT(*) FROM inbox WHERE instance_id = $id AND type = 'TimerFired'", null, ("$id", instanceId));
        return System.Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    // ---------- activities ----------

    public void InsertActivity(SqliteTransaction tx, string instanceId, int generation, int taskId, string name, string? input, int attempt, DateTime now)
        => Execute(
            tx,
            "INSERT INTO activities(instance_id, generation, task_id, name, input, policy_attempt, created_at) VALUES ($id, $gen, $task, $name, $input, $attempt, $now)",
            ("$id", instanceId), ("$gen", generation), ("$task", taskId), ("$name", name), ("$input", input), ("$attempt", attempt), ("$now", now.Ticks));

    /// <summary>
    /// Claims up to <paramref name="limit"/> ready activities not yet claimed by this engine run, counting the
    /// dispatch in the same statement (a crash mid-run therefore counts as an attempt).
    /// </summary>
    public List<ActivityWorkItem> ClaimActivities(string lease, int limit)
    {
        using SqliteCommand command = Command(
            """
            UPDATE activities SET lease = $lease, dispatch_count = dispatch_count + 1
            WHERE id IN (SELECT id FROM activities WHERE status = 'ready' AND (lease IS NULL OR lease <> $lease) ORDER BY id LIMIT $limit)
            RETURNING id, instance_id, generation, task_id, name, input, policy_attempt, dispatch_count
            """,
            null, ("$lease", lease), ("$limit", limit));
        using SqliteDataReader reader = command.ExecuteReader();
        var items = new List<ActivityWorkItem>();
        while (reader.Read())
        {
            items.Add(new ActivityWorkItem(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
                reader.GetString(4), NullableString(reader, 5), reader.GetInt32(6), reader.GetInt32(7)));
        }

        return items.OrderBy(i => i.Id).ToList();
    }

    public bool HasReadyActivities()
    {
        using SqliteCommand command = Command("SELECT EXISTS(SELECT 1 FROM activities WHERE status = 'ready')", null);
        return System.Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>Removes a finished activity; false when it was already removed (a duplicate completion).</summary>
    public bool RemoveActivity(SqliteTransaction tx, long id)
        => Execute(tx, "DELETE FROM activities WHERE id = $id AND status = 'ready'", ("$id", id)) == 1;

    public void ParkActivity(SqliteTransaction tx, long id, string error)
        => Execute(tx, "UPDATE activities SET status = 'parked', error = $error WHERE id = $id", ("$id", id), ("$error", error));

    public List<(string Name, int TaskId, string? Error)> ParkedActivities(string instanceId)
    {
        using SqliteCommand command = Command(
            "SELECT name, task_id, error FROM activities WHERE instance_id = $id AND status = 'parked' ORDER BY id", null, ("$id", instanceId));
        using SqliteDataReader reader = command.ExecuteReader();
        var rows = new List<(string, int, string?)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetInt32(1), NullableString(reader, 2)));
        }

        return rows;
    }

    // ---------- helpers ----------

    public static DateTime Utc(long ticks) => new(ticks, DateTimeKind.Utc);

    private static string? NullableString(SqliteDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static TaskFailureDetails? ReadFailure(string? json) => json is null ? null : JsonSerializer.Deserialize<TaskFailureDetails>(json, FailureJson);

    private static string? WriteFailure(TaskFailureDetails? failure) => failure is null ? null : JsonSerializer.Serialize(failure, FailureJson);

    private static InstanceRow ReadInstance(SqliteDataReader r) => new(
        r.GetString(r.GetOrdinal("instance_id")),
        r.GetString(r.GetOrdinal("name")),
        Enum.Parse<OrchestrationRuntimeStatus>(r.GetString(r.GetOrdinal("status"))))
    {
        Input = NullableString(r, r.GetOrdinal("input")),
        Output = NullableString(r, r.GetOrdinal("output")),
        CustomStatus = NullableString(r, r.GetOrdinal("custom_status")),
        Failure = ReadFailure(NullableString(r, r.GetOrdinal("failure"))),
        CreatedAt = Utc(r.GetInt64(r.GetOrdinal("created_at"))),
        UpdatedAt = Utc(r.GetInt64(r.GetOrdinal("updated_at"))),
        ParentId = NullableString(r, r.GetOrdinal("parent_id")),
        ParentTaskId = r.GetInt32(r.GetOrdinal("parent_task_id")),
        ParentGeneration = r.GetInt32(r.GetOrdinal("parent_generation")),
        Generation = r.GetInt32(r.GetOrdinal("generation")),
        DispatchCount = r.GetInt32(r.GetOrdinal("dispatch_count")),
    };

    private int Execute(string sql, params (string Name, object? Value)[] parameters) => Execute(null, sql, parameters);

    private int Execute(SqliteTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        using SqliteCommand command = Command(sql, tx, parameters);
        return command.ExecuteNonQuery();
    }

    private SqliteCommand Command(string sql, SqliteTransaction? tx, params (string Name, object? Value)[] parameters)
    {
        SqliteCommand command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = tx;
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
