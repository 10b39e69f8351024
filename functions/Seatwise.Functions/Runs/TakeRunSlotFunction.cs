using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="TakeRunSlot"/>: hands its input to the shared activity class.</summary>
public sealed class TakeRunSlotFunction(TakeRunSlot activity)
{
    [Function(nameof(TakeRunSlot))]
    public Task<bool> Run([ActivityTrigger] RunSlotInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
