using Seatwise.Core.Apps;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Apps;

public sealed class AppRulesTests
{
    [Fact]
    public void Catalog_EmbeddedFileParses()
    {
        Assert.True(AppCatalog.Default.Apps.Count > 30);
        Assert.Equal("video-conferencing", AppCatalog.Default.Find("Zoom for Government")?.Category);
    }

    [Fact]
    public void Catalog_BadFile_IsAFormatError()
    {
        Assert.Throws<FormatException>(() => AppCatalog.Parse("""{ "categories": [ { "category": "x", "apps": [ { "vendor": "", "match": [] } ] } ] }"""));
    }

    [Fact]
    public void Evaluate_UnmanagedOverlappingDormant()
    {
        // Zoom is contracted (1,200/year), Webex is not; both are video conferencing. Webex has not signed in for 120 days.
        var zoomContract = Contract(id: "zoom", source: "zoom", productKeys: ["pro"], vendor: "Zoom");
        var apps = new[]
        {
            new App("app-zoom", "Zoom", "Zoom Video Communications", LastSignInAt: RunAt.AddDays(-1), SignInActivityKnown: true),
            new App("app-webex", "Cisco Webex Meetings", "Cisco", LastSignInAt: RunAt.AddDays(-120), SignInActivityKnown: true),
            new App("app-ms", "Office 365 Exchange Online", OwnerOrganizationId: AppRules.MicrosoftTenantId),
        };

        var positions = new Dictionary<string, Position> { ["zoom"] = Position(zoomContract, annualCost: 1200m, assigned: 40) };

        var result = AppRules.Evaluate(Tenant, apps, AppCatalog.Default, [zoomContract], positions, new RulesOptions(), RunAt);

        Assert.Equal(2, result.Apps.Count);                               // the first-party Microsoft app is not SaaS inventory
        Assert.Equal("zoom", result.Apps.Single(a => a.App.AppId == "app-zoom").ContractId);
        var types = result.Findings.Select(f => (f.Type, f.SubjectKey)).Order().ToList();
        Assert.Equal(
        [
            (FindingTypes.DormantApp, "app-webex"),
            (FindingTypes.OverlappingApps, "video-conferencing"),
            (FindingTypes.UnmanagedApp, "app-webex"),
        ], types);
        var overlap = result.Findings.Single(f => f.Type == FindingTypes.OverlappingApps);
        Assert.Equal(1200m, overlap.AnnualCost);
        Assert.Equal(Seatwise.Core.Money.MoneyKinds.Review, overlap.MoneyKind);
        Assert.Equal("Cisco Webex Meetings (no contract); Zoom (contract zoom, 40 seats)", overlap.Evidence["apps"]);
        Assert.Equal("EUR 1,200.00", overlap.Evidence["spendInCategory"]);
    }

    [Fact]
    public void Evaluate_OverlappingApps_EachContractOnce_AndNoCurrenciesAdded()
    {
        // Three CRM apps: Salesforce and its Sales Cloud app share one contract (9,000 EUR); HubSpot is a USD contract (2,000).
        // Spend in the category: EUR 9,000 once (not twice) and USD 2,000 beside it, never EUR 11,000.
        var salesforce = Contract(id: "salesforce", source: "salesforce", productKeys: ["p"], vendor: "Salesforce");
        var hubspot = Contract(id: "hubspot", source: "csv", productKeys: ["p"], vendor: "HubSpot", currency: "USD");
        var apps = new[] { new App("sf1", "Salesforce"), new App("sf2", "Salesforce Sales Cloud"), new App("hs", "HubSpot") };
        var positions = new Dictionary<string, Position>
        {
            ["salesforce"] = Position(salesforce, 9000m, 50),
            ["hubspot"] = Position(hubspot, 2000m, 10),
        };

        var result = AppRules.Evaluate(Tenant, apps, AppCatalog.Default, [salesforce, hubspot], positions, new RulesOptions(), RunAt);

        var overlap = result.Findings.Single(f => f.Type == FindingTypes.OverlappingApps);
        Assert.Equal(9000m, overlap.AnnualCost);
        Assert.Equal("EUR", overlap.Currency);
        Assert.Equal("EUR 9,000.00 + USD 2,000.00", overlap.Evidence["spendInCategory"]);
        Assert.Equal("hubspot,salesforce", overlap.Evidence["contracts"]);
    }

    private static Position Position(Seatwise.Core.Contracts.Contract contract, decimal annualCost, int assigned) =>
        PositionCalculator.Compute(contract, new SeatCounts(assigned, 0, 0, 0, 0), null, 0) with { AnnualCost = annualCost };

    [Fact]
    public void Evaluate_AllowListedApp_IsManaged()
    {
        var rules = new RulesOptions { AllowedApps = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Internal HR Portal" } };

        var result = AppRules.Evaluate(Tenant, [new App("x", "Internal HR Portal")], AppCatalog.Default, [], new Dictionary<string, Position>(), rules, RunAt);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Evaluate_UnknownSignInActivity_NeverDormant()
    {
        var result = AppRules.Evaluate(Tenant, [new App("x", "Zoom", SignInActivityKnown: false)], AppCatalog.Default,
            [Contract(id: "zoom", vendor: "Zoom")], new Dictionary<string, Position>(), new RulesOptions(), RunAt);

        Assert.Empty(result.Findings);
    }
}
