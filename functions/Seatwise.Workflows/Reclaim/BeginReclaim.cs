using Microsoft.Extensions.Options;
using Seatwise.Core.Reclaim;
using Seatwise.Storage.Reclaim;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Reclaim;

/// <summary>Checks the plan may enter the phase, marks it executing or undoing, and names the seats to act on.</summary>
public sealed class BeginReclaim(ReclaimRepository plans, IOptions<ReclaimSettings> settings, TimeProvider clock) : IActivity<ReclaimPhaseInput, ReclaimTargets>
{
    public async Task<ReclaimTargets> RunAsync(ReclaimPhaseInput input, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (await plans.GetAsync(input.Tenant, input.PlanId, cancellationToken) is not { } stored)
        {
            return new ReclaimTargets([], $"There is no reclaim plan '{input.PlanId}'.");
        }

        var plan = stored.Plan;
        if (ReclaimLifecycle.WhyNot(plan, input.Phase, settings.Value.ToRules(), now) is { } why)
        {
            return new ReclaimTargets([], why);
        }

        var running = input.Phase == ReclaimPhases.Execute ? ReclaimPlanStatus.Executing : ReclaimPlanStatus.Undoing;
        var targets = ReclaimLifecycle.Targets(plan, input.Phase).Select(t => t.Index).ToList();
        var notice = settings.Value.ToRules().NoticePeriod;
        // A restarted execution keeps the time its notices named; a new one names its own.
        var actsAt = input.Phase == ReclaimPhases.Execute && notice > TimeSpan.Zero ? plan.ActsAt ?? now + notice : (DateTimeOffset?)null;
        if (plan.Status != running)
        {
            await plans.SetStateAsync(input.Tenant, plan with { Status = running, ActsAt = actsAt }, cancellationToken);
            await plans.AppendAuditAsync(input.Tenant, plan.Id, new ReclaimAuditEvent(now, input.Phase + "-started", input.Actor,
                $"{targets.Count} seats to {(input.Phase == ReclaimPhases.Execute ? "reclaim" : "give back")}" +
                (actsAt is { } at ? $"; holders told first, acting at {at:O}" : string.Empty)), cancellationToken);
        }

        return new ReclaimTargets(targets, ActsAt: actsAt);
    }
}
