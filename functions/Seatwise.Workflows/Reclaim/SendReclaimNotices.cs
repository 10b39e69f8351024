using Microsoft.Extensions.Options;
using Seatwise.Core.Reclaim;
using Seatwise.Storage.Reclaim;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Reclaim;

/// <summary>
/// Tells each seat holder of a batch, with a signed link to keep the seat that works until the action runs. A seat
/// whose notice went out already is not told twice (a retried batch). A notice that cannot be sent is recorded
/// failed; the seat then is not acted on, because its holder was not told.
/// </summary>
public sealed class SendReclaimNotices(
    ReclaimRepository plans,
    IReclaimNotifier notifier,
    IOptions<ReclaimSettings> settings,
    TimeProvider clock) : IActivity<ReclaimNoticeInput, ReclaimBatchOutcome>
{
    public async Task<ReclaimBatchOutcome> RunAsync(ReclaimNoticeInput input, CancellationToken cancellationToken)
    {
        var plan = (await plans.GetAsync(input.Tenant, input.PlanId, cancellationToken) ?? throw new InvalidOperationException($"Reclaim plan '{input.PlanId}' is gone.")).Plan;
        var rules = settings.Value.ToRules();
        int done = 0, failed = 0, already = 0;
        foreach (var index in input.Indexes)
        {
            var item = plan.Items[index];
            if (item.Notice is { Outcome: ReclaimOutcomes.Done })
            {
                already++;
                continue;
            }

            var now = clock.GetUtcNow();
            var keepUrl = input.KeepBaseUrl.TrimEnd('/') + "/api/" + Api.ApiPaths.ReclaimKeep + "?" + KeepLink.Query(settings.Value.ApproverKey ?? string.Empty, plan.Id, index, input.ActsAt);
            var message = ReclaimNotices.For(item, input.ActsAt, keepUrl, rules.KeepPeriod);
            ReclaimStep step;
            try
            {
                await notifier.SendAsync(message, cancellationToken);
                step = new ReclaimStep { Phase = ReclaimPhases.Notice, Outcome = ReclaimOutcomes.Done, Detail = $"Told {message.To}: acting at {input.ActsAt:O}.", Requests = [notifier.Channel], At = now };
                done++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                step = new ReclaimStep { Phase = ReclaimPhases.Notice, Outcome = ReclaimOutcomes.Failed, Detail = $"The notice to {message.To} could not be sent: {ex.Message}", Requests = [notifier.Channel], At = now };
                failed++;
            }

            await plans.SaveStepAsync(input.Tenant, plan.Id, index, step, cancellationToken);
            await plans.AppendAuditAsync(input.Tenant, plan.Id, new ReclaimAuditEvent(now, $"notice-{step.Outcome}", "seatwise",
                $"{item.Subject} ({item.Source} {item.ProductKey}, finding {item.FindingId}): {step.Detail}"), cancellationToken);
        }

        return new ReclaimBatchOutcome(done, 0, failed, already);
    }
}
