using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Seatwise.Workflows.Tests.Runs;

/// <summary>
/// An orchestration context that answers each activity from a canned function, so an orchestrator's branches run
/// in milliseconds without a durable backend. A hand-written fake (no mocking library): the real backend runs in
/// the integration tests; this one only replays what the orchestrator asked and what it was told.
/// </summary>
public sealed class CannedOrchestrationContext(DateTime now) : TaskOrchestrationContext
{
    private readonly Dictionary<string, Func<object?, object?>> _activities = new(StringComparer.Ordinal);
    private int _taskId;
    private DateTime _now = now;

    /// <summary>Every activity call in the order the orchestrator made it, with its input.</summary>
    public List<(string Activity, object? Input)> Calls { get; } = [];

    public override TaskName Name => "test";

    public override string InstanceId => "test-instance";

    public override ParentOrchestrationInstance? Parent => null;

    /// <summary>The orchestration's clock: it moves only when a timer fires, as on the durable backend.</summary>
    public override DateTime CurrentUtcDateTime => _now;

    public override bool IsReplaying => false;

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>Answers <paramref name="activity"/> with <paramref name="answer"/> (which may throw <see cref="TaskFailedException"/> via <see cref="Fail"/>).</summary>
    public CannedOrchestrationContext On<TInput>(string activity, Func<TInput, object?> answer)
    {
        _activities[activity] = input => answer((TInput)input!);
        return this;
    }

    /// <summary>What a failed activity looks like to the orchestrator after its retries.</summary>
    public static TaskFailedException Fail(string activity, string message) =>
        new(activity, 0, new TaskFailureDetails("System.InvalidOperationException", message, null, null, null));

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Calls.Add((name.Name, input));
        _taskId++;
        if (!_activities.TryGetValue(name.Name, out var answer))
        {
            throw new InvalidOperationException($"No canned answer for activity {name.Name}.");
        }

        try
        {
            return Task.FromResult((TResult)answer(input)!);
        }
        catch (TaskFailedException ex)
        {
            return Task.FromException<TResult>(ex);
        }
    }

    public override T GetInput<T>() => throw new NotSupportedException();

    /// <summary>The times the orchestrator slept until, in order (each also listed in <see cref="Calls"/> as "timer").</summary>
    public List<DateTime> Timers { get; } = [];

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        Timers.Add(fireAt);
        Calls.Add(("timer", fireAt));
        _now = fireAt > _now ? fireAt : _now;
        return Task.CompletedTask;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public override void SendEvent(string instanceId, string eventName, object payload) => throw new NotSupportedException();

    public override void SetCustomStatus(object? customStatus)
    {
    }

    public override Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null) => throw new NotSupportedException();

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true) => throw new NotSupportedException();

    public override Guid NewGuid() => new(_taskId, 0, 0, new byte[8]);
}
