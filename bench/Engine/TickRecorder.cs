using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Bench.Engine;

/// <summary>A logger provider that records a Stopwatch timestamp for every message in the tick category.</summary>
internal sealed class TickRecorder : ILoggerProvider
{
    public const string Category = "Bench.Tick";

    private readonly List<long> _stamps = [];

    public void Clear()
    {
        lock (_stamps)
        {
            _stamps.Clear();
        }
    }

    public long[] Snapshot()
    {
        lock (_stamps)
        {
            return [.. _stamps];
        }
    }

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new TickLogger(this) : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class TickLogger(TickRecorder owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            long now = Stopwatch.GetTimestamp();
            lock (owner._stamps)
            {
                owner._stamps.Add(now);
            }
        }
    }
}
