using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Reclaim;

namespace Seatwise.Functions.Reclaim;

/// <summary>Activity trigger of <see cref="SendReclaimNotices"/>: hands its input to the shared activity class.</summary>
public sealed class SendReclaimNoticesFunction(SendReclaimNotices activity)
{
    [Function(nameof(SendReclaimNotices))]
    public Task<ReclaimBatchOutcome> Run([ActivityTrigger] ReclaimNoticeInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
