using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Storage.Runs;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// One run for one tenant (DESIGN.md section 2): fan out collection per source, load contracts, fan out
/// reconciliation per contract beside the tenant-wide seat rules, then the app and Azure bill rules, merge findings, the FOCUS export, alerts. Deterministic: the clock is
/// <c>context.CurrentUtcDateTime</c>, all I/O is in activities, and only ids and small summaries pass through.
/// One failing source or contract does not fail the run; only an orchestration-level failure does.
/// </summary>
public static class SyncAndReconcileOrchestration
{
    public static readonly TaskOptions Retry = TaskOptions.FromRetryPolicy(new RetryPolicy(maxNumberOfAttempts: 3, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2));

    /// <summary>
    /// With <c>Runs__MaxConcurrentTenants</c>, the run first takes a slot, sleeping on a durable timer between
    /// tries (no instance is busy while it waits); null once it has one, or the reason it gave up.
    /// </summary>
    private static async Task<string?> WaitForSlotAsync(TaskOrchestrationContext context, RunInput input)
    {
        if (input.RunSlots <= 0)
        {
            return null;
        }

        var giveUpAt = context.CurrentUtcDateTime.AddHours(RunSettings.MaxSlotWaitHours);
        while (!await context.CallActivityAsync<bool>(nameof(TakeRunSlot), new RunSlotInput(input.Tenant, input.RunId, input.RunSlots), Retry))
        {
            if (context.CurrentUtcDateTime >= giveUpAt)
            {
                return $"waited {RunSettings.MaxSlotWaitHours} h for one of the {input.RunSlots} run slots (Runs__MaxConcurrentTenants); raise it, or spread the tenants' schedules";
            }

            await context.CreateTimer(context.CurrentUtcDateTime.AddSeconds(input.SlotWaitSeconds), CancellationToken.None);
        }

        return null;
    }

    public static async Task<RunRecord?> RunAsync(TaskOrchestrationContext context, RunInput input)
    {
        var logger = context.CreateReplaySafeLogger(nameof(SyncAndReconcileOrchestration));
        var waitedFor = await WaitForSlotAsync(context, input);
        // The run's instant, once: every activity judges the rules at this UTC moment, also on replay.
        var runAt = new DateTimeOffset(DateTime.SpecifyKind(context.CurrentUtcDateTime, DateTimeKind.Utc));
        if (waitedFor is { } error)
        {
            return await context.CallActivityAsync<RunRecord>(nameof(CompleteRun), new CompleteRunInput(input.Tenant, input.RunId, runAt, [], [], [], error), Retry);
        }

        SourceOutcome[] sources = [];
        ContractOutcome[] contracts = [];
        var steps = new List<StepOutcome>();
        try
        {
            await context.CallActivityAsync(nameof(BeginRun), new BeginRunInput(input.Tenant, input.RunId, input.Trigger, runAt), Retry);

            sources = await Task.WhenAll(input.Sources.Select(source => CollectAsync(context, input, source, runAt)));
            foreach (var s in sources)
            {
                logger.LogInformation("Run {RunId}: source {Source} {Status}: {Seats} seats from {Accounts} accounts in {Seconds:0.0} s {Error}",
                    input.RunId, s.Source, s.Status, s.Seats, s.Accounts, s.DurationSeconds, s.Error is null ? string.Empty : "(" + s.Error + ")");
            }

            var stepInput = new TenantStepInput(input.Tenant, input.RunId, runAt, sources);
            // The tenant-wide seat rules need only the snapshots, so they run beside the contracts.
            var tenant = StepAsync(context, nameof(ReconcileTenant), RunSteps.Tenant, stepInput);
            var refs = await context.CallActivityAsync<List<ContractRef>>(nameof(LoadContracts), input.Tenant, Retry);
            contracts = await Task.WhenAll(refs.Select(c => ReconcileAsync(context, input, c, runAt, sources)));
            steps.Add(await tenant);
            logger.LogInformation("Run {RunId}: {Count} contracts reconciled ({Skipped} skipped, {Failed} failed)",
                input.RunId, contracts.Length, contracts.Count(c => c.Status == ContractStatus.Skipped), contracts.Count(c => c.Status == ContractStatus.Failed));

            // Apps and the Azure bill read this run's positions, so they come after the contracts (side by side).
            var apps = StepAsync(context, nameof(ReconcileApps), RunSteps.Apps, stepInput);
            var spend = StepAsync(context, nameof(ReconcileSpend), RunSteps.Spend, stepInput);
            steps.Add(await apps);
            steps.Add(await spend);

            var run = await context.CallActivityAsync<RunRecord>(nameof(CompleteRun),
                new CompleteRunInput(input.Tenant, input.RunId, runAt, sources, contracts, steps, null), Retry);
            try
            {
                await context.CallActivityAsync<ExportFocusOutcome>(nameof(ExportFocus), new ExportFocusInput(input.Tenant, input.RunId, runAt), Retry);
            }
            catch (TaskFailedException ex)
            {
                // The run's results stand; the next run writes the month again.
                logger.LogWarning("Run {RunId}: FOCUS export failed: {Error}", input.RunId, ex.FailureDetails.ErrorMessage);
            }

            try
            {
                await context.CallActivityAsync<AlertOutcome>(nameof(SendAlerts), new SendAlertsInput(input.Tenant, input.RunId, runAt), Retry);
            }
            catch (TaskFailedException ex)
            {
                logger.LogWarning("Run {RunId}: alerts failed: {Error}", input.RunId, ex.FailureDetails.ErrorMessage);
            }

            return run;
        }
        catch (TaskFailedException ex)
        {
            // Record the failure on the run; if even that fails, the orchestration fails and the API reports it.
            return await context.CallActivityAsync<RunRecord>(nameof(CompleteRun),
                new CompleteRunInput(input.Tenant, input.RunId, runAt, sources, contracts, steps, ex.FailureDetails.ErrorMessage), Retry);
        }
    }

    private static async Task<SourceOutcome> CollectAsync(TaskOrchestrationContext context, RunInput input, string source, DateTimeOffset runAt)
    {
        try
        {
            return await context.CallActivityAsync<SourceOutcome>(nameof(CollectSource), new CollectSourceInput(input.Tenant, input.RunId, source, runAt), Retry);
        }
        catch (TaskFailedException ex)
        {
            return new SourceOutcome { Source = source, Status = SourceStatus.Failed, Error = ex.FailureDetails.ErrorMessage };
        }
    }

    private static async Task<ContractOutcome> ReconcileAsync(TaskOrchestrationContext context, RunInput input, ContractRef contract, DateTimeOffset runAt, IReadOnlyList<SourceOutcome> sources)
    {
        try
        {
            return await context.CallActivityAsync<ContractOutcome>(nameof(ReconcileContract),
                new ReconcileContractInput(input.Tenant, input.RunId, runAt, contract.Id, [.. sources.Where(s => s.Source == contract.Source || s.Source == SourceNames.Graph)]), Retry);
        }
        catch (TaskFailedException ex)
        {
            return new ContractOutcome { ContractId = contract.Id, Status = ContractStatus.Failed, Reason = ex.FailureDetails.ErrorMessage };
        }
    }

    /// <summary>A tenant-wide step; when it fails, the run goes on and none of that step's findings is resolved.</summary>
    private static async Task<StepOutcome> StepAsync(TaskOrchestrationContext context, string activity, string step, TenantStepInput input)
    {
        try
        {
            return await context.CallActivityAsync<StepOutcome>(activity, input, Retry);
        }
        catch (TaskFailedException ex)
        {
            return new StepOutcome { Step = step, Status = StepStatus.Failed, Error = ex.FailureDetails.ErrorMessage };
        }
    }
}
