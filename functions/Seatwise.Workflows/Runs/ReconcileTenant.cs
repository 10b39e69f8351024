using Microsoft.Extensions.Options;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// The tenant-wide seat rules (uncontracted products of every source, redundant licences) over the Graph snapshot
/// and every vendor snapshot of the run; a failed source's last good snapshot stands in for it.
/// </summary>
public sealed class ReconcileTenant(
    ContractRepository contracts,
    SnapshotInputs inputs,
    ResultRepository results,
    IOptions<RulesSettings> rules) : IActivity<TenantStepInput, StepOutcome>
{
    public async Task<StepOutcome> RunAsync(TenantStepInput input, CancellationToken cancellationToken)
    {
        var snapshots = new List<SnapshotManifest>();
        var products = new List<Product>();
        foreach (var outcome in input.Sources)
        {
            var (manifest, sourceProducts) = await inputs.OpenAsync(input.Tenant, outcome, cancellationToken);
            if (manifest is not null)
            {
                snapshots.Add(manifest);
                products.AddRange(sourceProducts);
            }
        }

        if (!snapshots.Any(s => s.Source == SourceNames.Graph))
        {
            return new StepOutcome { Step = RunSteps.Tenant, Status = StepStatus.Skipped, Error = "no Graph snapshot" };
        }

        var register = await contracts.ListAllAsync(input.Tenant, cancellationToken);
        var tenantRules = new TenantSeatRules(new TenantSeatInput
        {
            TenantId = input.Tenant,
            Rules = rules.Value.ToRules(),
            Contracts = register,
            Products = products,
        });
        foreach (var manifest in snapshots)
        {
            await tenantRules.AddRangeAsync(inputs.SeatsAsync(manifest, cancellationToken), cancellationToken);
        }

        var findings = tenantRules.Complete();
        await results.SaveRunFindingsAsync(input.Tenant, input.RunId, RunSteps.Tenant, findings, cancellationToken);
        return new StepOutcome { Step = RunSteps.Tenant, Status = StepStatus.Ok, Items = snapshots.Count, Findings = findings.Count };
    }
}
