using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Cli;

/// <summary>
/// Appends log lines to a file (next to the engine database), so the live progress display stays readable. Times are
/// ISO-8601 UTC everywhere, the values inside messages included (the framework would print DateTime values in the
/// invariant culture's month-first form). Errors are also echoed when output is not interactive, and every line
/// with <c>--verbose</c>.
/// </summary>
public sealed class FileLoggerProvider : ILoggerProvider
{
    private const string OriginalFormat = "{OriginalFormat}";
    private readonly StreamWriter? _writer;
    private readonly Lock _gate = new();
    private readonly bool _echoWarnings;
    private readonly Action<string>? _echo;
    private readonly ConcurrentDictionary<string, FileLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Opens (appends to) <paramref name="path"/>.</summary>
    /// <param name="path">The log file; null for none (a read-only command with <c>--verbose</c>: echo only).</param>
    /// <param name="echoWarnings">Echo errors to standard error.</param>
    /// <param name="echo">Receives every line too (<c>--verbose</c>); null for none.</param>
    public FileLoggerProvider(string? path, bool echoWarnings, Action<string>? echo = null)
    {
        if (path is not null)
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(path));
            if (!string.IsNullOrEmpty(dir))
            {
                Directory.CreateDirectory(dir);
            }

            _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        }

        _echoWarnings = echoWarnings && echo is null;
        _echo = echo;
        LogPath = path;
    }

    /// <summary>The log file, or null.</summary>
    public string? LogPath { get; }

    /// <inheritdoc />
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, c => new FileLogger(this, c));

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_gate)
        {
            _writer?.Dispose();
        }
    }

    /// <summary>
    /// A structured message with its values formatted for the log: times as ISO-8601 UTC, numbers invariant. Falls back
    /// to <paramref name="formatted"/> when the state carries no template.
    /// </summary>
    public static string Format<TState>(TState state, string formatted)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> values
            || values.FirstOrDefault(v => v.Key == OriginalFormat).Value is not string template)
        {
            return formatted;
        }

        var byName = new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase);
        foreach (KeyValuePair<string, object?> pair in values)
        {
            byName[pair.Key] = pair.Value;
        }

        var text = new StringBuilder(template.Length + 32);
        for (int i = 0; i < template.Length; i++)
        {
            char c = template[i];
            if (c == '{' && i + 1 < template.Length && template[i + 1] == '{')
            {
                text.Append('{');
                i++;
                continue;
            }

            if (c == '}' && i + 1 < template.Length && template[i + 1] == '}')
            {
                text.Append('}');
                i++;
                continue;
            }

            int close = c == '{' ? template.IndexOf('}', i + 1) : -1;
            if (close < 0)
            {
                text.Append(c);
                continue;
            }

            string hole = template[(i + 1)..close];
            string name = hole.Split(':', ',')[0].TrimStart('@');
            text.Append(byName.TryGetValue(name, out object? value) ? Value(value) : "{" + hole + "}");
            i = close;
        }

        return text.ToString();
    }

    private static string Value(object? value) => value switch
    {
        null => "(null)",
        DateTime t => (t.Kind == DateTimeKind.Local ? t.ToUniversalTime() : t).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        TimeSpan t => t.ToString("c", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        System.Collections.IEnumerable e and not string => string.Join(", ", e.Cast<object?>().Select(Value)),
        _ => value.ToString() ?? string.Empty,
    };

    private void Write(LogLevel level, string category, string message, Exception? exception)
    {
        string line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyy-MM-ddTHH:mm:ss.fffZ} {level,-11} {category}: {message}");
        lock (_gate)
        {
            _writer?.WriteLine(line);
            if (exception is not null)
            {
                _writer?.WriteLine("    " + exception.GetType().FullName + ": " + exception.Message);
            }
        }

        _echo?.Invoke(line);
        if (_echoWarnings && level >= LogLevel.Error)
        {
            Console.Error.WriteLine($"{level}: {message}");
        }
    }

    private sealed class FileLogger(FileLoggerProvider owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                owner.Write(logLevel, category, Format(state, formatter(state, exception)), exception);
            }
        }
    }
}
