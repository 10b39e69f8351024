using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Functions.Runs;

/// <summary>The orchestration port over Durable Functions' client, handed to handlers as a request feature.</summary>
internal sealed class DurableClientPort(DurableTaskClient client) : IOrchestrationPort
{
    public async Task<bool> StartAsync(string orchestrationName, string instanceId, object? input, CancellationToken cancellationToken)
    {
        var existing = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, cancellationToken);
        if (existing is { RuntimeStatus: OrchestrationRuntimeStatus.Pending or OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended })
        {
            return false;
        }

        await client.ScheduleNewOrchestrationInstanceAsync(orchestrationName, input, new StartOrchestrationOptions(instanceId), cancellationToken);
        return true;
    }

    public async Task<OrchestrationSnapshot?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(instanceId, getInputsAndOutputs: true, cancellationToken);
        if (instance is null)
        {
            return null;
        }

        var state = instance.RuntimeStatus switch
        {
            OrchestrationRuntimeStatus.Pending => OrchestrationState.Pending,
            OrchestrationRuntimeStatus.Running or OrchestrationRuntimeStatus.Suspended => OrchestrationState.Running,
            OrchestrationRuntimeStatus.Completed => OrchestrationState.Completed,
            OrchestrationRuntimeStatus.Terminated => OrchestrationState.Terminated,
            _ => OrchestrationState.Failed,
        };
        return new OrchestrationSnapshot(instance.InstanceId, instance.Name, state, instance.CreatedAt, instance.LastUpdatedAt,
            instance.SerializedOutput, instance.FailureDetails?.ErrorMessage);
    }
}
