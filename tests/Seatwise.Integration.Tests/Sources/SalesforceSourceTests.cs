using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The salesforce source against the demo tenant's REST query endpoint over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SalesforceSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,60,33.75,EUR,monthly\n" +
        "salesforce-sales,Salesforce,Sales Cloud Enterprise,salesforce,Salesforce,40,1650.00,EUR,annual\n";

    private DemoHost _setup = null!;

    public async Task InitializeAsync() => _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 150, Seed = 19 }, Contracts,
        (s, demo) => VendorRuns.Enable(s, demo, "salesforce", pageSize: 8));

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task Collects_EveryBatch_LicenceIsTheProduct_LastLoginDateIsActivity_LeaversStillActiveAreOrphaned()
    {
        var active = SalesforceEndpoints.Users(_setup.Demo.State).Where(u => u.IsActive).ToList();

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var salesforce = run.Sources.Single(s => s.Source == "salesforce");
        var orphaned = await VendorRuns.FindingsAsync(_setup, FindingTypes.OrphanedSeat);
        var lines = await VendorRuns.SeatsAsync(_setup, "salesforce-sales");

        Assert.Equal("ok", salesforce.Status);
        Assert.Equal(active.Count, salesforce.Accounts);
        Assert.Equal(active.Count, salesforce.Seats);
        Assert.Equal(VendorRuns.Pages(active.Count, 8), _setup.Demo.State.Requests("salesforce/query"));
        // Salesforce Platform users hold another licence, which this contract does not cover.
        Assert.Equal(active.Count(u => u.License == "Salesforce"), run.Contracts.Single(c => c.ContractId == "salesforce-sales").Assigned);
        Assert.Contains(active, u => u.License == "Salesforce Platform");
        // Dates arrive as 2026-01-15T10:30:00.000+0000 and are read to the second.
        var someone = active.First(u => u.License == "Salesforce" && u.LastLogin is not null);
        Assert.Equal(someone.LastLogin!.Value.ToUnixTimeSeconds(), lines.Single(l => l.GetProperty("accountId").GetString() == someone.Id).GetProperty("lastActivity").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Contains(orphaned, f => f.ContractId == "salesforce-sales" && f.Evidence["identityKey"] == "integration@contoso-sales.example" && f.Evidence["entraAccount"] == "none");
        Assert.Contains(orphaned, f => f.ContractId == "salesforce-sales" && f.Evidence["entraAccount"] == "disabled");
    }

    [Fact]
    public async Task ServerUnavailable_503_IsRetried_AndTheRunCompletes()
    {
        _setup.Demo.State.VendorFaults("salesforce").ThrottleRequests.UnionWith([1, 2]);

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "salesforce").Status);
        Assert.Equal(VendorRuns.Pages(SalesforceEndpoints.Users(_setup.Demo.State).Count(u => u.IsActive), 8) + 2, _setup.Demo.State.Requests("salesforce/query"));
    }

    [Fact]
    public async Task SpentDailyQuota_FailsWithoutBlamingTheToken()
    {
        _setup.Demo.State.VendorFaults("salesforce").QuotaExhausted = true;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var salesforce = run.Sources.Single(s => s.Source == "salesforce");

        Assert.Equal("failed", salesforce.Status);
        Assert.Contains("403: REQUEST_LIMIT_EXCEEDED TotalRequests Limit exceeded.", salesforce.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("token was refused", salesforce.Error, StringComparison.Ordinal);
        Assert.Equal(1, _setup.Demo.State.Requests("salesforce/query"));
    }

    [Fact]
    public async Task ExpiredSession_FailsOnlySalesforce_WithWhatToCheck()
    {
        _setup.Demo.State.VendorFaults("salesforce").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var salesforce = run.Sources.Single(s => s.Source == "salesforce");

        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", salesforce.Status);
        Assert.Contains("401: INVALID_SESSION_ID Session expired or invalid", salesforce.Error, StringComparison.Ordinal);
        Assert.Contains("Sources__salesforce__Token", salesforce.Error, StringComparison.Ordinal);
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "m365-e3").Status);
    }
}
