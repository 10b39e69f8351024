using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Functions.Runs;

/// <summary>Starts the nightly run: the registry's timer work, through the durable client.</summary>
public sealed class InventorySyncTimer(IServiceProvider services)
{
    [Function(TimerNames.InventorySync)]
    public Task Run([TimerTrigger(Schedules.SyncExpression)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        WorkflowRegistry.Timer(TimerNames.InventorySync).Fire(services, new DurableClientPort(client), cancellationToken);
}
