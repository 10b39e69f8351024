using Microsoft.DurableTask;

namespace Seatwise.Workflows.Reclaim;

/// <summary>One phase of one plan, as the orchestration and its activities pass it on.</summary>
/// <param name="KeepBaseUrl">Where the notices' keep links point (the API's own address as the request reached it).</param>
public sealed record ReclaimPhaseInput(string Tenant, string PlanId, string Phase, string Actor, string? KeepBaseUrl = null);

/// <summary>The seats a phase acts on (plan order), or why it may not start; <c>ActsAt</c> when their holders get a notice first.</summary>
public sealed record ReclaimTargets(List<int> Indexes, string? Refused = null, DateTimeOffset? ActsAt = null);

public sealed record ReclaimNoticeInput(string Tenant, string PlanId, List<int> Indexes, DateTimeOffset ActsAt, string KeepBaseUrl);

public sealed record ReclaimBatchInput(string Tenant, string PlanId, string Phase, List<int> Indexes);

/// <summary>Seats per outcome in one batch; <c>already</c> counts seats a previous attempt had finished.</summary>
public sealed record ReclaimBatchOutcome(int Done, int Skipped, int Failed, int Already);

public sealed record CompleteReclaimInput(string Tenant, string PlanId, string Phase);

/// <summary>What a phase ended with: the plan's status and its seats per outcome.</summary>
public sealed record ReclaimPhaseOutcome(string PlanId, string Phase, string Status, Dictionary<string, int> Outcomes, string? Refused = null);

/// <summary>
/// Executes or undoes an approved plan: <see cref="BeginReclaim"/> marks the plan and names its seats, batches of
/// <see cref="BatchSize"/> seats go through <see cref="ApplyReclaimBatch"/> one after another (vendors throttle
/// writes; one batch at a time keeps a plan's calls polite and in plan order), then <see cref="CompleteReclaim"/>
/// records the end. The instance id is per plan and phase, so a second start while one runs starts nothing, and
/// every seat's call is idempotent, so a retried batch or a replay does nothing twice. Deterministic: all I/O and every
/// instant are in the activities (each seat's step carries the time its call was made).
/// </summary>
public static class ReclaimOrchestration
{
    public const int BatchSize = 20;

    public static string InstanceId(string tenant, string planId, string phase) => $"reclaim-{tenant}-{planId}-{phase}";

    public static async Task<ReclaimPhaseOutcome> RunAsync(TaskOrchestrationContext context, ReclaimPhaseInput input)
    {
        var targets = await context.CallActivityAsync<ReclaimTargets>(nameof(BeginReclaim), input, Runs.SyncAndReconcileOrchestration.Retry);
        if (targets.Refused is not null)
        {
            return new ReclaimPhaseOutcome(input.PlanId, input.Phase, "refused", [], targets.Refused);
        }

        if (targets.ActsAt is { } actsAt)
        {
            // The notice period: every holder is told, then the orchestration sleeps (a durable timer, no instance
            // held) until the time the notices named; seats kept meanwhile are left alone by the batches.
            foreach (var batch in targets.Indexes.Chunk(BatchSize))
            {
                await context.CallActivityAsync<ReclaimBatchOutcome>(nameof(SendReclaimNotices),
                    new ReclaimNoticeInput(input.Tenant, input.PlanId, [.. batch], actsAt, input.KeepBaseUrl ?? string.Empty), Runs.SyncAndReconcileOrchestration.Retry);
            }

            await context.CreateTimer(actsAt.UtcDateTime, CancellationToken.None);
        }

        foreach (var batch in targets.Indexes.Chunk(BatchSize))
        {
            // A batch that still fails after its retries (storage gone) fails the orchestration: the plan stays
            // executing, and starting the phase again picks up the seats without a final step.
            await context.CallActivityAsync<ReclaimBatchOutcome>(nameof(ApplyReclaimBatch),
                new ReclaimBatchInput(input.Tenant, input.PlanId, input.Phase, [.. batch]), Runs.SyncAndReconcileOrchestration.Retry);
        }

        return await context.CallActivityAsync<ReclaimPhaseOutcome>(nameof(CompleteReclaim),
            new CompleteReclaimInput(input.Tenant, input.PlanId, input.Phase), Runs.SyncAndReconcileOrchestration.Retry);
    }
}
