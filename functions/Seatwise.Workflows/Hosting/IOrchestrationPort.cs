namespace Seatwise.Workflows.Hosting;

/// <summary>
/// Starting and reading orchestrations, the only thing HTTP handlers and timers need from a durable backend.
/// The Functions app implements it over <c>DurableTaskClient</c>; the local host over DurableTask.Core's
/// <c>TaskHubClient</c>.
/// </summary>
public interface IOrchestrationPort
{
    /// <summary>Starts an orchestration; returns false when an instance with that id is already pending or running.</summary>
    Task<bool> StartAsync(string orchestrationName, string instanceId, object? input, CancellationToken cancellationToken);

    Task<OrchestrationSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken);
}

public enum OrchestrationState
{
    Pending,
    Running,
    Completed,
    Failed,
    Terminated,
}

/// <param name="Output">The orchestration's output, JSON as the durable backend stored it.</param>
public sealed record OrchestrationSnapshot(
    string InstanceId,
    string Name,
    OrchestrationState State,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastUpdatedAt,
    string? Output,
    string? FailureMessage)
{
    public bool IsFinished => State is OrchestrationState.Completed or OrchestrationState.Failed or OrchestrationState.Terminated;

    /// <summary>Reads the output with the converter the orchestration wrote it with.</summary>
    public T? ReadOutput<T>() => Output is null ? default : Microsoft.DurableTask.Converters.JsonDataConverter.Default.Deserialize<T>(Output);
}
