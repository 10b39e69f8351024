using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

public sealed record RunSlotInput(string Tenant, string RunId, int Slots);

/// <summary>Takes one of the deployment's run slots for the run; false when all are held (the orchestration waits and asks again).</summary>
public sealed class TakeRunSlot(RunSlotRepository slots, TimeProvider clock) : IActivity<RunSlotInput, bool>
{
    public Task<bool> RunAsync(RunSlotInput input, CancellationToken cancellationToken) =>
        slots.TryTakeAsync(input.Tenant, input.RunId, input.Slots, clock.GetUtcNow(), cancellationToken);
}
