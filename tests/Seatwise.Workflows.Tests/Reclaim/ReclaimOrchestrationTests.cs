using Microsoft.DurableTask;
using Seatwise.Workflows.Reclaim;
using Seatwise.Workflows.Tests.Runs;

namespace Seatwise.Workflows.Tests.Reclaim;

public sealed class ReclaimOrchestrationTests
{
    private static readonly ReclaimPhaseInput Input = new("t", "rp-1", "execute", "approver key");

    [Fact]
    public async Task SeatsGoInBatchesOfTwenty_InPlanOrder_ThenThePlanIsCompleted()
    {
        var context = new CannedOrchestrationContext(DateTime.UtcNow)
            .On<ReclaimPhaseInput>(nameof(BeginReclaim), _ => new ReclaimTargets([.. Enumerable.Range(0, 45)]))
            .On<ReclaimBatchInput>(nameof(ApplyReclaimBatch), b => new ReclaimBatchOutcome(b.Indexes.Count, 0, 0, 0))
            .On<CompleteReclaimInput>(nameof(CompleteReclaim), _ => new ReclaimPhaseOutcome("rp-1", "execute", "executed", new() { ["done"] = 45 }));

        var outcome = await ReclaimOrchestration.RunAsync(context, Input);

        Assert.Equal("executed", outcome.Status);
        var batches = context.Calls.Where(c => c.Activity == nameof(ApplyReclaimBatch)).Select(c => ((ReclaimBatchInput)c.Input!).Indexes).ToList();
        Assert.Equal([20, 20, 5], batches.Select(b => b.Count));
        Assert.Equal(Enumerable.Range(0, 45), batches.SelectMany(b => b));
        Assert.Equal(nameof(CompleteReclaim), context.Calls[^1].Activity);
    }

    [Fact]
    public async Task ARefusedPhase_SendsNothing_AndSaysWhy()
    {
        var context = new CannedOrchestrationContext(DateTime.UtcNow)
            .On<ReclaimPhaseInput>(nameof(BeginReclaim), _ => new ReclaimTargets([], "Plan 'rp-1' was executed; a plan is executed once."));

        var outcome = await ReclaimOrchestration.RunAsync(context, Input);

        Assert.Equal("refused", outcome.Status);
        Assert.Contains("executed once", outcome.Refused, StringComparison.Ordinal);
        Assert.Equal([nameof(BeginReclaim)], context.Calls.Select(c => c.Activity));
    }

    [Fact]
    public async Task ABatchThatFailsAfterItsRetries_FailsThePhase_BeforeItIsMarkedComplete()
    {
        // The plan stays executing; starting the phase again picks up the seats without a final step.
        var context = new CannedOrchestrationContext(DateTime.UtcNow)
            .On<ReclaimPhaseInput>(nameof(BeginReclaim), _ => new ReclaimTargets([.. Enumerable.Range(0, 30)]))
            .On<ReclaimBatchInput>(nameof(ApplyReclaimBatch), b => b.Indexes[0] == 20
                ? throw CannedOrchestrationContext.Fail(nameof(ApplyReclaimBatch), "storage unavailable")
                : new ReclaimBatchOutcome(b.Indexes.Count, 0, 0, 0));

        await Assert.ThrowsAsync<TaskFailedException>(() => ReclaimOrchestration.RunAsync(context, Input));
        Assert.DoesNotContain(context.Calls, c => c.Activity == nameof(CompleteReclaim));
    }

    [Fact]
    public async Task WithANoticePeriod_HoldersAreToldFirst_ThenItWaitsUntilTheNamedTime_ThenActs()
    {
        var actsAt = new DateTimeOffset(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);
        var context = new CannedOrchestrationContext(DateTime.UtcNow)
            .On<ReclaimPhaseInput>(nameof(BeginReclaim), _ => new ReclaimTargets([.. Enumerable.Range(0, 25)], ActsAt: actsAt))
            .On<ReclaimNoticeInput>(nameof(SendReclaimNotices), n => new ReclaimBatchOutcome(n.Indexes.Count, 0, 0, 0))
            .On<ReclaimBatchInput>(nameof(ApplyReclaimBatch), b => new ReclaimBatchOutcome(b.Indexes.Count, 0, 0, 0))
            .On<CompleteReclaimInput>(nameof(CompleteReclaim), _ => new ReclaimPhaseOutcome("rp-1", "execute", "executed", []));

        await ReclaimOrchestration.RunAsync(context, Input with { KeepBaseUrl = "https://seatwise.example" });

        Assert.Equal([nameof(BeginReclaim), nameof(SendReclaimNotices), nameof(SendReclaimNotices), "timer", nameof(ApplyReclaimBatch), nameof(ApplyReclaimBatch), nameof(CompleteReclaim)],
            context.Calls.Select(c => c.Activity));
        Assert.Equal(actsAt.UtcDateTime, context.Timers.Single());
        Assert.All(context.Calls.Where(c => c.Activity == nameof(SendReclaimNotices)), c => Assert.Equal("https://seatwise.example", ((ReclaimNoticeInput)c.Input!).KeepBaseUrl));
    }
}
