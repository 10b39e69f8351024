using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Functions.Runs;

/// <summary>Starts the runs of registry tenants whose own schedule came due: the registry's timer work, through the durable client.</summary>
public sealed class TenantScheduleTimer(IServiceProvider services)
{
    [Function(TimerNames.TenantSchedules)]
    public Task Run([TimerTrigger(Schedules.TenantTickExpression)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        WorkflowRegistry.Timer(TimerNames.TenantSchedules).Fire(services, new DurableClientPort(client), cancellationToken);
}
