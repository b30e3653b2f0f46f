using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace MarketoExport.Runtime.Embedded.Tests;

/// <summary>A logger factory that records every formatted message, for tests.</summary>
internal sealed class RecordingLoggerFactory(ConcurrentQueue<string> messages) : ILoggerFactory
{
    public void AddProvider(ILoggerProvider provider)
    {
    }

    public ILogger CreateLogger(string categoryName) => new RecordingLogger(messages);

    public void Dispose()
    {
    }

    private sealed class RecordingLogger(ConcurrentQueue<string> messages) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => messages.Enqueue(formatter(state, exception));
    }
}
