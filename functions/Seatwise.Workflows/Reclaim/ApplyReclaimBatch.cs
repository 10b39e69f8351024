using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seatwise.Core.Reclaim;
using Seatwise.Storage.Reclaim;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Reclaim;

/// <summary>
/// Acts on a batch of a plan's seats through the source's writer and records each seat's step and an audit event
/// with every request sent and the answer. A seat that already has a final step (done or skipped) is left alone,
/// so a retried batch sends nothing twice. The kill switch is read per batch: switched off mid-way, the remaining
/// seats fail with that reason and nothing more is sent.
/// </summary>
public sealed class ApplyReclaimBatch(
    ReclaimRepository plans,
    IEnumerable<IReclaimWriter> writers,
    IOptions<ReclaimSettings> settings,
    Tenants.TenantDirectory tenants,
    TimeProvider clock,
    ILogger<ApplyReclaimBatch> logger) : IActivity<ReclaimBatchInput, ReclaimBatchOutcome>
{
    /// <summary>Who the audit names for a seat's call: the deployment's own identity, after a person's approval.</summary>
    private const string Actor = "seatwise";

    public async Task<ReclaimBatchOutcome> RunAsync(ReclaimBatchInput input, CancellationToken cancellationToken)
    {
        // The writers hold the default tenant's identity and tokens: never let them touch another tenant's seats.
        if (!tenants.IsDefault(input.Tenant))
        {
            throw new InvalidOperationException(ReclaimApi.NotForRegistryTenants);
        }

        var stored = await plans.GetAsync(input.Tenant, input.PlanId, cancellationToken) ?? throw new InvalidOperationException($"Reclaim plan '{input.PlanId}' is gone.");
        var bySource = writers.ToDictionary(w => w.Source, StringComparer.Ordinal);
        int done = 0, skipped = 0, failed = 0, already = 0;
        foreach (var index in input.Indexes)
        {
            var item = stored.Plan.Items[index];
            var previous = input.Phase == ReclaimPhases.Execute ? item.Execution : item.Undo;
            if (previous is not null && ReclaimOutcomes.IsFinal(previous.Outcome))
            {
                already++;
                continue;
            }

            var now = clock.GetUtcNow();
            var step = input.Phase == ReclaimPhases.Execute && item.Kept is { } kept
                ? new ReclaimStep { Phase = input.Phase, Outcome = ReclaimOutcomes.Skipped, Detail = $"Its holder followed the notice's keep link at {kept.At:O}: nothing was sent.", At = now }
                : input.Phase == ReclaimPhases.Execute && item.Notice is { Outcome: not ReclaimOutcomes.Done } notice
                ? new ReclaimStep { Phase = input.Phase, Outcome = ReclaimOutcomes.Failed, Detail = $"Its holder was not told ({notice.Detail}): nothing was sent.", At = now }
                : !settings.Value.Enabled
                ? new ReclaimStep { Phase = input.Phase, Outcome = ReclaimOutcomes.Failed, Detail = "Reclaim__Enabled is false (the kill switch): nothing was sent.", At = now }
                : bySource.TryGetValue(item.Source, out var writer)
                    ? await writer.ApplyAsync(item, input.Phase, now, cancellationToken)
                    : new ReclaimStep { Phase = input.Phase, Outcome = ReclaimOutcomes.Failed, Detail = $"Seatwise has no writer for {item.Source} seats.", At = now };
            await plans.SaveStepAsync(input.Tenant, input.PlanId, index, step, cancellationToken);
            await plans.AppendAuditAsync(input.Tenant, input.PlanId, new ReclaimAuditEvent(step.At, $"{input.Phase}-{step.Outcome}", Actor,
                $"{item.Subject} ({item.Source} {item.ProductKey}, finding {item.FindingId}): {step.Detail}" +
                (step.Requests.Count == 0 ? " Sent nothing." : $" Sent: {string.Join(" | ", step.Requests)}.") +
                (step.Response is null ? string.Empty : $" Answer: {step.Response}.")), cancellationToken);
            switch (step.Outcome)
            {
                case ReclaimOutcomes.Done: done++; break;
                case ReclaimOutcomes.Skipped: skipped++; break;
                default: failed++; break;
            }
        }

        logger.LogInformation("Reclaim plan {PlanId} {Phase}: {Done} done, {Skipped} skipped, {Failed} failed, {Already} already finished",
            input.PlanId, input.Phase, done, skipped, failed, already);
        return new ReclaimBatchOutcome(done, skipped, failed, already);
    }
}
