using Microsoft.Extensions.Options;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reporting;
using Seatwise.Core.Spend;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// The Azure bill of the run's <c>azure</c> snapshot against the register: <c>price-drift</c> and
/// <c>uncontracted-spend</c> (entitled seats from this run's positions, so it comes after the contracts).
/// </summary>
public sealed class ReconcileSpend(
    ContractRepository contracts,
    SnapshotStore snapshots,
    ResultRepository results,
    IOptions<RulesSettings> rules) : IActivity<TenantStepInput, StepOutcome>
{
    public async Task<StepOutcome> RunAsync(TenantStepInput input, CancellationToken cancellationToken)
    {
        var azure = input.Sources.FirstOrDefault(s => s.Source == SourceNames.Azure);
        if (azure?.SnapshotRunId is not { } runId || await snapshots.GetManifestAsync(input.Tenant, runId, SourceNames.Azure, cancellationToken) is not { } manifest)
        {
            return new StepOutcome { Step = RunSteps.Spend, Status = StepStatus.Skipped, Error = "no azure snapshot" };
        }

        var subscriptions = new List<MarketplaceSubscription>();
        await foreach (var subscription in snapshots.ReadAsync<MarketplaceSubscription>(manifest, SnapshotParts.Marketplace, cancellationToken))
        {
            subscriptions.Add(subscription);
        }

        var charges = new List<Charge>();
        await foreach (var charge in snapshots.ReadAsync<Charge>(manifest, SnapshotParts.Charges, cancellationToken))
        {
            charges.Add(charge);
        }

        var months = (manifest.Properties.GetValueOrDefault(SnapshotParts.ChargeMonthsProperty) ?? string.Empty)
            .Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(Months.Parse)
            .ToList();
        var register = await contracts.ListAllAsync(input.Tenant, cancellationToken);
        var positions = await results.PositionsByContractAsync(input.Tenant, input.RunId, cancellationToken);
        var findings = SpendRules.Evaluate(new SpendInput
        {
            TenantId = input.Tenant,
            Rules = rules.Value.ToRules(),
            Contracts = register,
            Positions = positions,
            Subscriptions = subscriptions,
            Charges = charges,
            Months = months,
        });
        await results.SaveRunFindingsAsync(input.Tenant, input.RunId, RunSteps.Spend, findings, cancellationToken);
        return new StepOutcome { Step = RunSteps.Spend, Status = StepStatus.Ok, Items = charges.Count, Findings = findings.Count };
    }
}
