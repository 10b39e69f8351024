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

        var result = AppRules.Evaluate(Tenant, apps, AppCatalog.Default, [zoomContract], new Dictionary<string, decimal> { ["zoom"] = 1200m }, new RulesOptions(), RunAt);

        Assert.Equal(2, result.Apps.Count);                               // the first-party Microsoft app is not SaaS inventory
        Assert.Equal("zoom", result.Apps.Single(a => a.App.AppId == "app-zoom").ContractId);
        var types = result.Findings.Select(f => (f.Type, f.SubjectKey)).Order().ToList();
        Assert.Equal(
        [
            (FindingTypes.DormantApp, "app-webex"),
            (FindingTypes.OverlappingApps, "video-conferencing"),
            (FindingTypes.UnmanagedApp, "app-webex"),
        ], types);
        Assert.Equal(1200m, result.Findings.Single(f => f.Type == FindingTypes.OverlappingApps).AnnualCost);
    }

    [Fact]
    public void Evaluate_AllowListedApp_IsManaged()
    {
        var rules = new RulesOptions { AllowedApps = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "Internal HR Portal" } };

        var result = AppRules.Evaluate(Tenant, [new App("x", "Internal HR Portal")], AppCatalog.Default, [], new Dictionary<string, decimal>(), rules, RunAt);

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void Evaluate_UnknownSignInActivity_NeverDormant()
    {
        var result = AppRules.Evaluate(Tenant, [new App("x", "Zoom", SignInActivityKnown: false)], AppCatalog.Default,
            [Contract(id: "zoom", vendor: "Zoom")], new Dictionary<string, decimal>(), new RulesOptions(), RunAt);

        Assert.Empty(result.Findings);
    }
}
