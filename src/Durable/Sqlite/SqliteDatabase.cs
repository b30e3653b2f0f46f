using System.Globalization;
using Microsoft.Data.Sqlite;

namespace MarketoExport.Durable.Sqlite;

/// <summary>
/// The provider's one SQLite connection, behind an async gate: every read and write of the provider runs under
/// the gate, so there is never more than one transaction and prepared statements can be cached per SQL text.
/// </summary>
internal sealed class SqliteDatabase : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SqliteCommand> _commands = new(StringComparer.Ordinal);
    private SqliteTransaction? _transaction;

    public SqliteDatabase(string path)
    {
        _connection = new SqliteConnection(ConnectionString(path));
        _connection.Open();
        // WAL: readers never wait for the writer. synchronous=NORMAL in WAL survives a process crash (the failure
        // this provider recovers from); a power loss may drop the last few commits, whose work then runs again.
        Execute("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;");
    }

    public static string ConnectionString(string path, bool readOnly = false) => new SqliteConnectionStringBuilder
    {
        DataSource = path,
        Mode = readOnly ? SqliteOpenMode.ReadOnly : SqliteOpenMode.ReadWriteCreate,
        Pooling = false,
    }.ToString();

    /// <summary>Runs <paramref name="work"/> under the gate.</summary>
    public async Task<T> RunAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return work();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Runs <paramref name="work"/> under the gate in one transaction, committed when it returns.</summary>
    public Task<T> InTransactionAsync<T>(Func<T> work, CancellationToken cancellationToken = default)
        => RunAsync(() => InTransaction(work), cancellationToken);

    public Task InTransactionAsync(Action work, CancellationToken cancellationToken = default)
        => RunAsync(
            () =>
            {
                InTransaction(() =>
                {
                    work();
                    return true;
                });
                return true;
            },
            cancellationToken);

    /// <summary>Runs <paramref name="work"/> in one transaction; the caller holds the gate.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        if (_transaction is not null)
        {
            return work();
        }

        _transaction = _connection.BeginTransaction();
        try
        {
            T result = work();
            _transaction.Commit();
            return result;
        }
        catch
        {
            _transaction.Rollback();
            throw;
        }
        finally
        {
            _transaction.Dispose();
            _transaction = null;
        }
    }

    public int Execute(string sql, params (string Name, object? Value)[] parameters)
        => Prepare(sql, parameters).ExecuteNonQuery();

    public long? ScalarInt64(string sql, params (string Name, object? Value)[] parameters)
        => Prepare(sql, parameters).ExecuteScalar() is { } value and not DBNull
            ? Convert.ToInt64(value, CultureInfo.InvariantCulture)
            : null;

    public string? ScalarString(string sql, params (string Name, object? Value)[] parameters)
        => Prepare(sql, parameters).ExecuteScalar() as string;

    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
    {
        using SqliteDataReader reader = Prepare(sql, parameters).ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }

        return rows;
    }

    public T? QuerySingle<T>(string sql, Func<SqliteDataReader, T> read, params (string Name, object? Value)[] parameters)
        where T : class
    {
        using SqliteDataReader reader = Prepare(sql, parameters).ExecuteReader();
        return reader.Read() ? read(reader) : null;
    }

    public void Dispose()
    {
        foreach (SqliteCommand command in _commands.Values)
        {
            command.Dispose();
        }

        _commands.Clear();
        _connection.Dispose();
        _gate.Dispose();
    }

    private SqliteCommand Prepare(string sql, (string Name, object? Value)[] parameters)
    {
        if (!_commands.TryGetValue(sql, out SqliteCommand? command))
        {
            command = _connection.CreateCommand();
            command.CommandText = sql;
            _commands.Add(sql, command);
        }

        command.Transaction = _transaction;
        command.Parameters.Clear();
        foreach ((string name, object? value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }
}
