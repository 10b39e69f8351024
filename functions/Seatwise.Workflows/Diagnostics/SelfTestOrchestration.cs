using Microsoft.DurableTask;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Diagnostics;

/// <summary>
/// A fan-out/fan-in of trivial activities that proves a host's durable backend works end to end
/// (queues, history, replay) without touching any tenant data.
/// </summary>
public static class SelfTestOrchestration
{
    public const int MaxSteps = 100;

    public static async Task<SelfTestResult> RunAsync(TaskOrchestrationContext context, int steps)
    {
        var count = Math.Clamp(steps, 1, MaxSteps);
        var startedAt = context.CurrentUtcDateTime;
        var tasks = Enumerable.Range(1, count)
            .Select(i => context.CallActivityAsync<int>(nameof(SelfTestStep), i))
            .ToList();
        var results = await Task.WhenAll(tasks);
        return new SelfTestResult(count, results.Sum(), startedAt);
    }
}

public sealed record SelfTestResult(int Steps, int Sum, DateTime StartedAt);

/// <summary>Returns the square of its input: cheap, deterministic, easy to check.</summary>
public sealed class SelfTestStep : IActivity<int, int>
{
    public Task<int> RunAsync(int input, CancellationToken cancellationToken) => Task.FromResult(input * input);
}
