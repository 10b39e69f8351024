using Microsoft.Extensions.Options;
using Seatwise.Core.Apps;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// The app inventory of the run's Graph snapshot: each app's category and covering contract, and the
/// unmanaged, overlapping and dormant app findings (money from this run's positions).
/// </summary>
public sealed class ReconcileApps(
    ContractRepository contracts,
    SnapshotInputs inputs,
    ResultRepository results,
    IOptions<RulesSettings> rules) : IActivity<TenantStepInput, StepOutcome>
{
    public async Task<StepOutcome> RunAsync(TenantStepInput input, CancellationToken cancellationToken)
    {
        var graph = input.Sources.FirstOrDefault(s => s.Source == SourceNames.Graph);
        var (manifest, _) = await inputs.OpenAsync(input.Tenant, graph, cancellationToken);
        if (manifest is null)
        {
            return new StepOutcome { Step = RunSteps.Apps, Status = StepStatus.Skipped, Error = "no Graph snapshot" };
        }

        var apps = new List<App>();
        await foreach (var app in inputs.AppsAsync(manifest, cancellationToken))
        {
            apps.Add(app);
        }

        var register = await contracts.ListAllAsync(input.Tenant, cancellationToken);
        var positions = await results.PositionsByContractAsync(input.Tenant, input.RunId, cancellationToken);
        var result = AppRules.Evaluate(input.Tenant, apps, AppCatalog.Default, register, positions, rules.Value.ToRules(), input.RunAt);
        await results.SaveAppsAsync(input.Tenant, input.RunId, result.Apps, cancellationToken);
        await results.SaveRunFindingsAsync(input.Tenant, input.RunId, RunSteps.Apps, result.Findings, cancellationToken);
        return new StepOutcome { Step = RunSteps.Apps, Status = StepStatus.Ok, Items = result.Apps.Count, Findings = result.Findings.Count };
    }
}
