using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Core.Apps;

/// <summary>An app of the inventory with what the rules worked out about it.</summary>
public sealed record AppPosition(App App, string? Category, string? CatalogVendor, string? ContractId, bool Allowed);

public sealed record AppResult(IReadOnlyList<AppPosition> Apps, IReadOnlyList<Finding> Findings);

/// <summary>The SaaS-sprawl rules: unmanaged, overlapping and dormant apps (DESIGN.md section 6).</summary>
public static class AppRules
{
    /// <summary>Microsoft's own tenant: its first-party apps are part of the platform, not SaaS to manage.</summary>
    public const string MicrosoftTenantId = "f8cdef31-a31e-4b4a-93e4-5f571e91255a";

    /// <summary>The evidence keys naming the contracts an app finding is about (read by the headlines' spend under review).</summary>
    public const string ContractsEvidence = "contracts";

    public const string ContractEvidence = "contractId";

    /// <param name="positionsByContract">This run's positions by contract id (annual cost, seats assigned).</param>
    public static AppResult Evaluate(
        string tenantId,
        IEnumerable<App> apps,
        AppCatalog catalog,
        IReadOnlyList<Contract> contracts,
        IReadOnlyDictionary<string, Position> positionsByContract,
        RulesOptions rules,
        DateTimeOffset runAt)
    {
        var positions = new List<AppPosition>();
        var findings = new List<Finding>();
        foreach (var app in apps.Where(a => a.OwnerOrganizationId != MicrosoftTenantId).OrderBy(a => a.AppId, StringComparer.Ordinal))
        {
            var entry = catalog.Find(app.DisplayName);
            var contract = Covering(app, entry, contracts);
            var allowed = rules.AllowedApps.Contains(app.AppId) || rules.AllowedApps.Contains(app.DisplayName);
            positions.Add(new AppPosition(app, entry?.Category, entry?.Vendor, contract?.Id, allowed));

            if (contract is null && !allowed)
            {
                findings.Add(AppFinding(tenantId, FindingTypes.UnmanagedApp, app, 0, rules.DefaultCurrency, new()
                {
                    ["appId"] = app.AppId,
                    ["publisher"] = app.PublisherName ?? "unknown",
                    ["category"] = entry?.Category ?? "uncategorised",
                    ["reason"] = "No contract and no allow-list entry covers this app.",
                }));
            }

            if (app.SignInActivityKnown && app.Enabled && (app.LastSignInAt is null || app.LastSignInAt < runAt.AddDays(-rules.DormantAppDays)))
            {
                var cost = contract is not null && positionsByContract.TryGetValue(contract.Id, out var c) ? c.AnnualCost : 0;
                findings.Add(AppFinding(tenantId, FindingTypes.DormantApp, app, cost, contract?.Currency ?? rules.DefaultCurrency, new()
                {
                    ["appId"] = app.AppId,
                    ["lastSignIn"] = EvidenceText.Of(app.LastSignInAt),
                    ["dormantAppDays"] = EvidenceText.Of(rules.DormantAppDays),
                    [ContractEvidence] = contract?.Id ?? "none",
                }));
            }
        }

        foreach (var group in positions.Where(p => p.Category is not null && p.App.Enabled).GroupBy(p => p.Category!).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var vendors = group.Select(p => p.CatalogVendor).Distinct(StringComparer.OrdinalIgnoreCase).Count();
            if (group.Count() < 2 || vendors < 2)
            {
                continue;
            }

            // The spend in the category counts each contract once (two apps of one contract are one spend); money
            // of different currencies is never added, so the finding carries its largest currency and the evidence
            // lists every one.
            var contractIds = group.Select(p => p.ContractId).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
            var spend = contractIds.Select(id => positionsByContract.GetValueOrDefault(id)).OfType<Position>()
                .GroupBy(p => p.Currency, StringComparer.Ordinal)
                .Select(g => (Currency: g.Key, Amount: g.Sum(p => p.AnnualCost)))
                .OrderByDescending(s => s.Amount).ThenBy(s => s.Currency, StringComparer.Ordinal)
                .ToList();
            var (currency, cost) = spend.Count > 0 ? spend[0] : (rules.DefaultCurrency, 0m);
            findings.Add(new Finding
            {
                Id = Finding.ComputeId(tenantId, FindingTypes.OverlappingApps, string.Empty, group.Key),
                Type = FindingTypes.OverlappingApps,
                ContractId = string.Empty,
                SubjectKey = group.Key,
                Subject = $"{group.Count()} {group.Key} apps",
                AnnualCost = cost,
                Currency = currency,
                Sources = [SourceNames.Graph],
                Step = RunSteps.Apps,
                Evidence = new Dictionary<string, string>
                {
                    ["category"] = group.Key,
                    ["apps"] = string.Join("; ", group.OrderBy(p => p.App.DisplayName, StringComparer.Ordinal).Select(p => AppWithContract(p, positionsByContract))),
                    [ContractsEvidence] = contractIds.Count == 0 ? "none" : string.Join(",", contractIds),
                    ["spendInCategory"] = spend.Count == 0 ? "none" : string.Join(" + ", spend.Select(s => Alerts.AlertSelection.Money(s.Currency, s.Amount))),
                    ["reason"] = "Apps of different vendors doing the same job: a review may consolidate them; the spend is each contract's once.",
                },
            });
        }

        return new AppResult(positions, findings);
    }

    /// <summary>"Salesforce (contract salesforce, 120 seats)" or "HubSpot (no contract)".</summary>
    private static string AppWithContract(AppPosition app, IReadOnlyDictionary<string, Position> positions) =>
        app.ContractId is null ? $"{app.App.DisplayName} (no contract)"
        : positions.TryGetValue(app.ContractId, out var p) ? $"{app.App.DisplayName} (contract {app.ContractId}, {EvidenceText.Of(p.Assigned)} seats)"
        : $"{app.App.DisplayName} (contract {app.ContractId})";

    /// <summary>A contract covers an app when its vendor is the app's catalog vendor or publisher, or its vendor is named in the app's display name.</summary>
    private static Contract? Covering(App app, CatalogApp? entry, IReadOnlyList<Contract> contracts) =>
        contracts.OrderBy(c => c.Id, StringComparer.Ordinal).FirstOrDefault(c =>
            (entry is not null && string.Equals(c.Vendor, entry.Vendor, StringComparison.OrdinalIgnoreCase)) ||
            (app.PublisherName is { Length: > 0 } p && string.Equals(c.Vendor, p, StringComparison.OrdinalIgnoreCase)) ||
            app.DisplayName.Contains(c.Vendor, StringComparison.OrdinalIgnoreCase));

    // App findings are tenant-wide (empty contractId): an app's id stays the same when contract coverage changes.
    private static Finding AppFinding(string tenantId, string type, App app, decimal cost, string currency, Dictionary<string, string> evidence) => new()
    {
        Id = Finding.ComputeId(tenantId, type, string.Empty, app.AppId),
        Type = type,
        ContractId = string.Empty,
        SubjectKey = app.AppId,
        Subject = app.DisplayName,
        AnnualCost = cost,
        Currency = currency,
        Sources = [SourceNames.Graph],
        Step = RunSteps.Apps,
        Evidence = evidence,
    };
}
