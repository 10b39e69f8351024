using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Orchestration trigger of <see cref="SyncAndReconcileOrchestration"/>.</summary>
public static class SyncAndReconcileFunction
{
    [Function(nameof(SyncAndReconcileOrchestration))]
    public static Task<RunRecord?> Run([OrchestrationTrigger] TaskOrchestrationContext context) =>
        SyncAndReconcileOrchestration.RunAsync(context, context.GetInput<RunInput>()!);
}
