using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Alerts;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Functions.Alerts;

/// <summary>Sends the weekly digest to Teams; the local host runs the same sender from the same setting.</summary>
public sealed class WeeklyDigestTimer(WeeklyDigestSender sender)
{
    [Function(nameof(WeeklyDigestTimer))]
    public Task Run([TimerTrigger(Schedules.DigestExpression)] TimerInfo timer, CancellationToken cancellationToken) => sender.SendAsync(cancellationToken);
}
