using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seatwise.Core.Findings;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// Merges the run's findings into the ledger (new, still open, resolved; nothing that depends on a failed source
/// or an unreconciled contract is resolved), records the run's status and totals, logs the one summary line,
/// and applies retention to older runs.
/// </summary>
public sealed class CompleteRun(
    RunRepository runs,
    ResultRepository results,
    FindingRepository findings,
    TrendRepository trends,
    SnapshotStore snapshots,
    RunSlotRepository slots,
    IOptions<RetentionSettings> retention,
    TimeProvider clock,
    ILogger<CompleteRun> logger) : IActivity<CompleteRunInput, RunRecord>
{
    public async Task<RunRecord> RunAsync(CompleteRunInput input, CancellationToken cancellationToken)
    {
        var runAt = input.RunAt;
        var existing = await runs.GetAsync(input.Tenant, input.RunId, cancellationToken);
        var run = existing ?? new RunRecord { RunId = input.RunId, Tenant = input.Tenant, Status = RunStatus.Running, Trigger = "unknown", CreatedAt = runAt };
        if (input.Error is not null)
        {
            run = run with { Status = RunStatus.Failed, Error = input.Error, CompletedAt = clock.GetUtcNow(), Sources = input.Sources, Contracts = input.Contracts, Steps = input.Steps };
            await runs.SaveAsync(run, cancellationToken);
            await slots.ReleaseAsync(input.Tenant, input.RunId, cancellationToken);
            logger.LogError("Run {RunId} failed: {Error}", input.RunId, input.Error);
            return run;
        }

        // A ledger of the layout before buckets moves first, with what people made of it (the upgrade's one step).
        var moved = await findings.UpgradeAsync(input.Tenant, cancellationToken);
        if (moved > 0)
        {
            logger.LogInformation("Moved {Count} findings of the ledger into its partitioned layout", moved);
        }

        // The run's findings by ledger bucket, merged and saved a bucket at a time (FindingRepository.MergeAsync).
        var current = await results.GroupRunFindingsAsync(input.Tenant, input.RunId, FindingRepository.Buckets, FindingRepository.BucketOf, cancellationToken);
        var unverifiable = Unverifiable(input);
        var merged = await findings.MergeAsync(input.Tenant, current.Take,
            (stored, seen) => FindingLedger.Merge(stored, seen, input.RunId, runAt, unverifiable), cancellationToken);

        var positions = await results.ListPositionsAsync(input.Tenant, input.RunId, cancellationToken);
        var totals = new RunTotals
        {
            Contracts = positions.Count,
            Seats = positions.Sum(p => p.Position.Assigned),
            FindingsOpen = merged.Open,
            FindingsNew = merged.Count(LedgerChange.Opened) + merged.Count(LedgerChange.Reopened),
            FindingsResolved = merged.Count(LedgerChange.Resolved),
            FindingsCarriedOver = merged.Count(LedgerChange.CarriedOver),
            AnnualCost = Sum(positions, p => p.AnnualCost),
            AnnualWaste = Sum(positions, p => p.AnnualWaste),
            PotentialSavings = Sum(positions, p => p.PotentialSavings),
        };
        var withErrors = input.Sources.Any(s => s.Status != SourceStatus.Ok) || input.Contracts.Any(c => c.Status == ContractStatus.Failed) || input.Steps.Any(s => s.Status == StepStatus.Failed);
        run = run with
        {
            Status = withErrors ? RunStatus.CompletedWithErrors : RunStatus.Completed,
            CompletedAt = clock.GetUtcNow(),
            Sources = input.Sources,
            Contracts = input.Contracts,
            Steps = input.Steps,
            Totals = totals,
        };
        await runs.SaveAsync(run, cancellationToken);
        // The run has recorded its end: its slot (Runs__MaxConcurrentTenants) goes to the next waiting run.
        await slots.ReleaseAsync(input.Tenant, input.RunId, cancellationToken);
        await SaveTrendAsync(input, positions, cancellationToken);
        logger.LogInformation(
            "Run {RunId} {Status}: sources {Sources}; {Contracts} contracts, {Seats} seats; findings {New} new, {Resolved} resolved, {CarriedOver} carried over, {Open} open",
            run.RunId, run.Status, string.Join(", ", input.Sources.Select(s => $"{s.Source}={s.Status}:{s.Seats}")), totals.Contracts, totals.Seats,
            totals.FindingsNew, totals.FindingsResolved, totals.FindingsCarriedOver, totals.FindingsOpen);

        await ApplyRetentionAsync(input.Tenant, cancellationToken);
        return run;
    }

    /// <summary>
    /// The findings this run cannot confirm, so the merge must not resolve them when the run does not see them:
    /// those that depend on a source that did not collect, those of a contract that was not reconciled, and those
    /// of a step (<see cref="RunSteps"/>) that did not finish (failed, skipped, or never reached).
    /// </summary>
    public static Func<Finding, bool> Unverifiable(CompleteRunInput input)
    {
        var failedSources = input.Sources.Where(s => s.Status != SourceStatus.Ok).Select(s => s.Source).ToHashSet(StringComparer.Ordinal);
        var unreconciled = input.Contracts.Where(c => ContractStatus.IsUnreconciled(c.Status)).Select(c => c.ContractId).ToHashSet(StringComparer.Ordinal);
        var finishedSteps = input.Steps.Where(s => s.Status == StepStatus.Ok).Select(s => s.Step).ToHashSet(StringComparer.Ordinal);
        finishedSteps.Add(RunSteps.Contract);
        return f =>
            f.Sources.Any(failedSources.Contains) ||
            (f.ContractId.Length > 0 && unreconciled.Contains(f.ContractId)) ||
            !finishedSteps.Contains(RunSteps.Of(f));
    }

    /// <summary>
    /// The run's positions become its month's figures in the monthly history (the latest completed run of a month
    /// wins), and months beyond Retention__TrendMonths go.
    /// </summary>
    private async Task SaveTrendAsync(CompleteRunInput input, IReadOnlyList<StoredPosition> positions, CancellationToken cancellationToken)
    {
        if (positions.Count == 0)
        {
            return;
        }

        var month = Months.Of(input.RunAt);
        await trends.SaveMonthAsync(input.Tenant, month, input.RunId, positions.Select(p => p.Position), cancellationToken);
        var removed = await trends.DeleteBeforeAsync(input.Tenant, month.AddMonths(1 - retention.Value.TrendMonths), cancellationToken);
        if (removed > 0)
        {
            logger.LogInformation("Retention: removed {Count} monthly history rows older than {Months} months", removed, retention.Value.TrendMonths);
        }
    }

    /// <summary>Keeps the newest Retention__Runs finished runs' rows and snapshots; the run records themselves stay (small).</summary>
    private async Task ApplyRetentionAsync(string tenant, CancellationToken cancellationToken)
    {
        var finished = (await runs.ListAllAsync(tenant, cancellationToken)).Where(r => RunStatus.IsFinished(r.Status)).ToList();
        foreach (var old in finished.Skip(retention.Value.Runs))
        {
            if (old.Contracts.Count == 0 && old.Sources.Count == 0)
            {
                continue;
            }

            await results.DeleteRunAsync(tenant, old.RunId, old.Contracts.Select(c => c.ContractId), cancellationToken);
            await snapshots.DeleteRunAsync(tenant, old.RunId, cancellationToken);
            await runs.SaveAsync(old with { Contracts = [], Sources = [.. old.Sources.Select(s => s with { SnapshotRunId = null })] }, cancellationToken);
            logger.LogInformation("Retention: removed the rows and snapshots of run {RunId}", old.RunId);
        }
    }

    private static Dictionary<string, decimal> Sum(IEnumerable<StoredPosition> positions, Func<Seatwise.Core.Reconciliation.Position, decimal> value) =>
        positions.GroupBy(p => p.Position.Currency).ToDictionary(g => g.Key, g => g.Sum(p => value(p.Position)));
}
