using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Seatwise.Workflows.Reclaim;

namespace Seatwise.Functions.Reclaim;

/// <summary>Orchestration trigger of <see cref="ReclaimOrchestration"/>.</summary>
public static class ReclaimOrchestrationFunction
{
    [Function(nameof(ReclaimOrchestration))]
    public static Task<ReclaimPhaseOutcome> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        ReclaimOrchestration.RunAsync(context, context.GetInput<ReclaimPhaseInput>()!);
}
