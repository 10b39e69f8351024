using Microsoft.Extensions.Options;
using Seatwise.Core.Apps;
using Seatwise.Core.Findings;
using Seatwise.Core.Reconciliation;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// The tenant-wide step: the app inventory with unmanaged, overlapping and dormant apps, and the seat findings
/// that span contracts (uncontracted products of every source, redundant licences), from the Graph snapshot and the
/// vendor snapshots of the run.
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

        // Every source's seats, so a vendor product no contract covers (a Salesforce licence, a Copilot plan, an
        // Atlassian product) is an uncontracted product too. A failed source's last good snapshot stands in for it.
        var vendors = new List<SnapshotManifest>();
        foreach (var outcome in input.Sources.Where(s => s.Source != Reconciler.GraphSource))
        {
            var (vendorManifest, vendorProducts) = await inputs.OpenAsync(input.Tenant, outcome, cancellationToken);
            if (vendorManifest is not null)
            {
                vendors.Add(vendorManifest);
                products.AddRange(vendorProducts);
            }
        }

        var runAt = input.RunAt;
        var register = await contracts.ListAllAsync(input.Tenant, cancellationToken);
        var ruleSet = rules.Value.ToRules();
        var reconciler = new Reconciler(new ReconcileInput
        {
            TenantId = input.Tenant,
            RunAt = runAt,
            Rules = ruleSet,
            Contracts = register,
            Products = products,
            IncludeTenantFindings = true,
        });
        await reconciler.AddRangeAsync(inputs.SeatsAsync(manifest, cancellationToken), cancellationToken);
        foreach (var vendor in vendors)
        {
            await reconciler.AddRangeAsync(inputs.SeatsAsync(vendor, cancellationToken), cancellationToken);
        }

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
