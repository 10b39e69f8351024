using System.Text.Json;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>
/// The azure source against the demo tenant's Resource Manager and Cost Management endpoints over HTTP, through a
/// run: Marketplace SaaS subscriptions become seats, the bill raises price-drift and uncontracted-spend.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    /// <summary>
    /// Contoso Analytics takes its seats from the Marketplace (no seat count) at 20 EUR where Azure bills 22;
    /// Northwind e-Sign is billed as contracted; nothing claims Fabrikam Cloud Backup.
    /// </summary>
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod,billedThrough,billingMatch\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,60,33.75,EUR,monthly,,\n" +
        "contoso-analytics,Contoso,Contoso Analytics,azure,Contoso Software Ltd/Contoso Analytics/Business,,20.00,EUR,monthly,azure-marketplace,publisher=Contoso Software Ltd;product=Contoso Analytics*\n" +
        "northwind-esign,Northwind,Northwind e-Sign,azure,Northwind Traders/Northwind e-Sign/Team,25,12.50,EUR,monthly,azure-marketplace,publisher=northwind traders\n";

    private DemoHost _setup = null!;

    private DemoTenantState Demo => _setup.Demo.State;

    public async Task InitializeAsync() => _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 40, Seed = 11 }, Contracts, (settings, demo) =>
    {
        VendorRuns.Enable(settings, demo, "azure");
        settings.Settings["Sources:azure:CostMonths"] = "3";
    });

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task MarketplaceSubscriptionsAreSeats_AndTheBillRaisesPriceDriftAndUncontractedSpend_OverEveryPage()
    {
        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        var azure = run.Sources.Single(s => s.Source == "azure");
        Assert.True(run.Status == RunStatus.Completed, TestRuns.Describe(run));
        Assert.Equal("ok", azure.Status);
        // 50 Contoso + 25 Northwind seats; Fabrikam has no seat count, the cancelled and the trial subscription bill nothing.
        Assert.Equal(75, azure.Seats);
        Assert.Equal(3, Demo.Requests("azure/saas"));                // five resources, two a page
        Assert.Equal(3 * 2, Demo.Requests("azure/query"));           // three months, three billed products two a page
        var contoso = run.Contracts.Single(c => c.ContractId == "contoso-analytics");
        Assert.Equal("ok", contoso.Status);
        Assert.Equal(50, contoso.Assigned);

        var positions = JsonDocument.Parse(await _setup.Client.GetStringAsync(new Uri("api/positions", UriKind.Relative))).RootElement.GetProperty("items")
            .EnumerateArray().ToDictionary(p => p.GetProperty("contractId").GetString()!);
        Assert.Equal(50, positions["contoso-analytics"].GetProperty("entitled").GetInt32());
        Assert.Equal(25, positions["northwind-esign"].GetProperty("assigned").GetInt32());

        var findings = JsonDocument.Parse(await _setup.Client.GetStringAsync(new Uri("api/findings?top=200", UriKind.Relative))).RootElement.GetProperty("items")
            .EnumerateArray().ToList();
        var drift = Assert.Single(findings, f => f.GetProperty("type").GetString() == FindingTypes.PriceDrift);
        Assert.Equal("contoso-analytics", drift.GetProperty("contractId").GetString());
        // Billed 3 × 50 × 22 = 3,300 against 3 × 50 × 20 = 3,000: 300 over three months, 1,200 a year.
        Assert.Equal(1200m, drift.GetProperty("annualCost").GetDecimal());
        Assert.Equal("exposure", drift.GetProperty("moneyKind").GetString());
        Assert.Equal(3300m, Evidence(drift, "billed"));
        Assert.Equal(3000m, Evidence(drift, "contracted"));

        var uncontracted = Assert.Single(findings, f => f.GetProperty("type").GetString() == FindingTypes.UncontractedSpend);
        Assert.Equal("Fabrikam Inc Fabrikam Cloud Backup - Standard", uncontracted.GetProperty("subject").GetString());
        Assert.Equal(1450m * 12, uncontracted.GetProperty("annualCost").GetDecimal());
        Assert.Equal("review", uncontracted.GetProperty("moneyKind").GetString());
        Assert.Contains("fabrikam-backup", uncontracted.GetProperty("evidence").GetProperty("resourceIds").GetString(), StringComparison.Ordinal);
        // Marketplace seats are the bill: no unassigned or over-assigned seats from them.
        Assert.DoesNotContain(findings, f => f.GetProperty("contractId").GetString() is "contoso-analytics" or "northwind-esign" &&
            f.GetProperty("type").GetString() is FindingTypes.UnassignedSeats or FindingTypes.OverAssigned);
    }

    private static decimal Evidence(JsonElement finding, string key) =>
        decimal.Parse(finding.GetProperty("evidence").GetProperty(key).GetString()!, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task Throttled_429_OnResourceManagerAndCostManagement_AreRetried_AndTheRunCompletes()
    {
        // The azure source's 1st request (the first SaaS page) and 5th (a cost query) answer 429 once.
        Demo.VendorFaults("azure").ThrottleRequests.UnionWith([1, 5]);
        Demo.VendorFaults("azure").RetryAfterSeconds = 1;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        Assert.True(run.Status == RunStatus.Completed, TestRuns.Describe(run));
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "azure").Status);
        Assert.Equal(3 + 6 + 2, Demo.Requests("azure"));
        Assert.Single(await VendorRuns.FindingsAsync(_setup, FindingTypes.PriceDrift));
    }

    [Fact]
    public async Task CostManagementsQuotaHeader_IsWhatTheSourceWaitsFor_SoAWaitBeyondTheLimitFailsNamingTheSetting()
    {
        // The 4th request is the first cost query: its 429 carries only Cost Management's qpu retry header.
        Demo.VendorFaults("azure").ThrottleRequests.Add(4);
        Demo.VendorFaults("azure").RetryAfterSeconds = 600;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        var azure = run.Sources.Single(s => s.Source == "azure");
        Assert.Equal("failed", azure.Status);
        Assert.Contains("answered 429", azure.Error, StringComparison.Ordinal);
        Assert.Contains("asked to wait 600 s, more than Sources__azure__MaxRetryAfterSeconds", azure.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusedToken_FailsOnlyAzure_WithWhatToCheck_AndTheBillStepSkips()
    {
        Demo.VendorFaults("azure").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        var azure = run.Sources.Single(s => s.Source == "azure");
        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", azure.Status);
        Assert.Contains("401: InvalidAuthenticationToken: The access token is invalid.", azure.Error, StringComparison.Ordinal);
        Assert.Contains("Sources__azure__Token", azure.Error, StringComparison.Ordinal);
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "m365-e3").Status);
        Assert.Empty(await VendorRuns.FindingsAsync(_setup, FindingTypes.PriceDrift));
        var spend = Assert.Single(run.Steps, s => s.Step == "spend");
        Assert.Equal("skipped", spend.Status);
        Assert.Equal("no azure snapshot", spend.Error);
        Assert.All(run.Steps.Where(s => s.Step != "spend"), s => Assert.Equal("ok", s.Status));
    }
}
