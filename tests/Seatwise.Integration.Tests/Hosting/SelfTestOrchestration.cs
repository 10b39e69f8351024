using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>
/// A fan-out/fan-in of trivial activities that proves the local host's durable backend works end to end
/// (queues, history, replay) without touching any tenant data. Test-only: tests add it to a host through
/// <see cref="Registrations"/>; the deployed app does not carry it.
/// </summary>
public static class SelfTestOrchestration
{
    public const int MaxSteps = 100;

    /// <summary>Adds the orchestration and its activity to a local host's services.</summary>
    public static void Registrations(IServiceCollection services)
    {
        services.AddSingleton(OrchestratorRegistration.For<int, SelfTestResult>(nameof(SelfTestOrchestration), RunAsync));
        services.AddSingleton(ActivityRegistration.For<SelfTestStep, int, int>(nameof(SelfTestStep)));
        services.AddSingleton<SelfTestStep>();
    }

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
