using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Reclaim;

namespace Seatwise.Functions.Reclaim;

/// <summary>Activity trigger of <see cref="ApplyReclaimBatch"/>: hands its input to the shared activity class.</summary>
public sealed class ApplyReclaimBatchFunction(ApplyReclaimBatch activity)
{
    [Function(nameof(ApplyReclaimBatch))]
    public Task<ReclaimBatchOutcome> Run([ActivityTrigger] ReclaimBatchInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
