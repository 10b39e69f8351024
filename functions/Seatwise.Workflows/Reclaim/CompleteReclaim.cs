using Seatwise.Core.Reclaim;
using Seatwise.Storage.Reclaim;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Reclaim;

/// <summary>Records the end of a phase: the plan's status, when, and its seats per outcome, in the plan and the audit trail.</summary>
public sealed class CompleteReclaim(ReclaimRepository plans, TimeProvider clock) : IActivity<CompleteReclaimInput, ReclaimPhaseOutcome>
{
    public async Task<ReclaimPhaseOutcome> RunAsync(CompleteReclaimInput input, CancellationToken cancellationToken)
    {
        var plan = (await plans.GetAsync(input.Tenant, input.PlanId, cancellationToken) ?? throw new InvalidOperationException($"Reclaim plan '{input.PlanId}' is gone.")).Plan;
        var now = clock.GetUtcNow();
        var execute = input.Phase == ReclaimPhases.Execute;
        var ended = execute
            ? plan with { Status = ReclaimPlanStatus.Executed, ExecutedAt = now }
            : plan with { Status = ReclaimPlanStatus.Undone, UndoneAt = now };
        var counts = new Dictionary<string, int>(execute ? ended.ExecutionOutcomes : ended.UndoOutcomes, StringComparer.Ordinal);
        await plans.SetStateAsync(input.Tenant, ended, cancellationToken);
        await plans.AppendAuditAsync(input.Tenant, plan.Id, new ReclaimAuditEvent(now, execute ? "executed" : "undone", "seatwise",
            counts.Count == 0 ? "no seat to act on" : string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"))), cancellationToken);
        return new ReclaimPhaseOutcome(plan.Id, input.Phase, ended.Status, counts);
    }
}
