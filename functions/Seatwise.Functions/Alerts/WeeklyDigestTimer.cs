using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Functions.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Functions.Alerts;

/// <summary>Sends the weekly digest to Teams: the registry's timer work, as the local host runs it.</summary>
public sealed class WeeklyDigestTimer(IServiceProvider services)
{
    [Function(TimerNames.WeeklyDigest)]
    public Task Run([TimerTrigger(Schedules.DigestExpression)] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken cancellationToken) =>
        WorkflowRegistry.Timer(TimerNames.WeeklyDigest).Fire(services, new DurableClientPort(client), cancellationToken);
}
