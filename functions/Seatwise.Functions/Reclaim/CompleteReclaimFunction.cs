using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Reclaim;

namespace Seatwise.Functions.Reclaim;

/// <summary>Activity trigger of <see cref="CompleteReclaim"/>: hands its input to the shared activity class.</summary>
public sealed class CompleteReclaimFunction(CompleteReclaim activity)
{
    [Function(nameof(CompleteReclaim))]
    public Task<ReclaimPhaseOutcome> Run([ActivityTrigger] CompleteReclaimInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
