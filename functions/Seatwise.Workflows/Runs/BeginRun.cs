using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>Marks the run as running (the starter wrote it as pending).</summary>
public sealed class BeginRun(RunRepository runs) : IActivity<BeginRunInput, bool>
{
    public async Task<bool> RunAsync(BeginRunInput input, CancellationToken cancellationToken)
    {
        var startedAt = input.StartedAt;
        var run = await runs.GetAsync(input.Tenant, input.RunId, cancellationToken)
            ?? new RunRecord { RunId = input.RunId, Tenant = input.Tenant, Status = RunStatus.Pending, Trigger = input.Trigger, CreatedAt = startedAt };
        await runs.SaveAsync(run with { Status = RunStatus.Running, StartedAt = startedAt }, cancellationToken);
        return true;
    }
}
