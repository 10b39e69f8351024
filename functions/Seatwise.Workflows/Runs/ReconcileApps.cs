using Microsoft.Extensions.Options;
using Seatwise.Core.Apps;
using Seatwise.Core.Findings;
using Seatwise.Core.Reconciliation;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// The tenant-wide step: the app inventory with unmanaged, overlapping and dormant apps, and the seat findings
/// that span contracts (uncontracted products, redundant licences), all from the Graph snapshot.
/// </summary>
public sealed class ReconcileApps(
    ContractRepository contracts,
    SnapshotInputs inputs,
    ResultRepository results,
    IOptions<RulesSettings> rules) : IActivity<ReconcileAppsInput, AppsOutcome>
{
    private static readonly HashSet<string> TenantWideSeatTypes = [FindingTypes.UncontractedProduct, FindingTypes.RedundantLicense];

    /// <summary>Every finding type this step raises: when the step fails, findings of these types cannot be verified.</summary>
    public static readonly IReadOnlySet<string> FindingTypesRaised = new HashSet<string>(TenantWideSeatTypes)
    {
        FindingTypes.UnmanagedApp, FindingTypes.OverlappingApps, FindingTypes.DormantApp,
    };

    public async Task<AppsOutcome> RunAsync(ReconcileAppsInput input, CancellationToken cancellationToken)
    {
        var graph = input.Sources.FirstOrDefault(s => s.Source == Reconciler.GraphSource);
        var (manifest, products) = await inputs.OpenAsync(input.Tenant, graph, cancellationToken);
        if (manifest is null)
        {
            return new AppsOutcome("skipped", 0, 0, "no Graph snapshot");
        }

        var runAt = input.RunAt;
        var register = await contracts.ListAllAsync(input.Tenant, cancellationToken);
        var ruleSet = rules.Value.ToRules();
        var reconciler = new Reconciler(new ReconcileInput
        {
            TenantId = input.Tenant,
            RunAt = runAt,
            Rules = ruleSet,
            Contracts = [.. register.Where(c => c.Source == Reconciler.GraphSource)],
            Products = products,
            IncludeTenantFindings = true,
        });
        await reconciler.AddRangeAsync(inputs.SeatsAsync(manifest, cancellationToken), cancellationToken);
        var tenantWide = reconciler.Complete().Findings.Where(f => TenantWideSeatTypes.Contains(f.Type)).ToList();

        var apps = new List<Seatwise.Core.Inventory.App>();
        await foreach (var app in inputs.AppsAsync(manifest, cancellationToken))
        {
            apps.Add(app);
        }

        var costs = (await results.ListPositionsAsync(input.Tenant, input.RunId, cancellationToken))
            .ToDictionary(p => p.Position.ContractId, p => p.Position.AnnualCost, StringComparer.Ordinal);
        var appResult = AppRules.Evaluate(input.Tenant, apps, AppCatalog.Default, register, costs, ruleSet, runAt);
        await results.SaveAppsAsync(input.Tenant, input.RunId, appResult.Apps, cancellationToken);
        await results.SaveRunFindingsAsync(input.Tenant, input.RunId, [.. tenantWide, .. appResult.Findings], cancellationToken);
        return new AppsOutcome("ok", appResult.Apps.Count, tenantWide.Count + appResult.Findings.Count);
    }
}
