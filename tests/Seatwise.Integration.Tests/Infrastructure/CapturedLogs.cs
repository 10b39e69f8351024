using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>Every log message a host writes, at every level, for tests that check what must never be logged (secrets, signed URLs).</summary>
public sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Messages { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Messages.Enqueue(formatter(state, exception) + (exception is null ? string.Empty : " " + exception));
    }
}
