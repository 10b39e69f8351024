using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Reclaim;

namespace Seatwise.Functions.Reclaim;

/// <summary>Activity trigger of <see cref="BeginReclaim"/>: hands its input to the shared activity class.</summary>
public sealed class BeginReclaimFunction(BeginReclaim activity)
{
    [Function(nameof(BeginReclaim))]
    public Task<ReclaimTargets> Run([ActivityTrigger] ReclaimPhaseInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
