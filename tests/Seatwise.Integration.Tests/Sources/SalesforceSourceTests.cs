using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The salesforce source against the demo tenant's REST query endpoint over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SalesforceSourceTests(AzuriteFixture azurite) : VendorSourceTest(azurite, new DemoTenantOptions { Users = 150, Seed = 19, SalesforcePageCap = 8 },
    "salesforce-sales,Salesforce,Sales Cloud Enterprise,salesforce,Salesforce,40,1650.00,EUR,annual\n")
{
    protected override void Configure(LocalHostSettings settings, DemoTenantServer demo)
    {
        VendorRuns.Enable(settings, demo, "salesforce");
    }

    [Fact]
    public async Task Collects_EveryBatch_LicenceIsTheProduct_LastLoginDateIsActivity_LeaversStillActiveAreOrphaned()
    {
        var active = SalesforceEndpoints.Users(Demo).Where(u => u.IsActive).ToList();

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var salesforce = run.Sources.Single(s => s.Source == "salesforce");
        var orphaned = await VendorRuns.FindingsAsync(Setup, FindingTypes.OrphanedSeat);
        var lines = await VendorRuns.SeatsAsync(Setup, "salesforce-sales");

        Assert.Equal("ok", salesforce.Status);
        Assert.Equal(active.Count, salesforce.Accounts);
        Assert.Equal(active.Count, salesforce.Seats);
        Assert.Equal(VendorRuns.Pages(active.Count, 8), Demo.Requests("salesforce/query"));
        // Salesforce Platform users hold another licence, which this contract does not cover.
        Assert.Equal(active.Count(u => u.License == "Salesforce"), run.Contracts.Single(c => c.ContractId == "salesforce-sales").Assigned);
        // ...and no contract covers that licence: an uncontracted product, with how many hold it.
        var uncontracted = await VendorRuns.FindingsAsync(Setup, FindingTypes.UncontractedProduct);
        var platform = uncontracted.Single(f => f.SubjectKey == "salesforce|Salesforce Platform");
        Assert.Equal(active.Count(u => u.License == "Salesforce Platform").ToString(System.Globalization.CultureInfo.InvariantCulture), platform.Evidence["assignedSeats"]);
        Assert.Equal(["salesforce"], platform.Sources);
        Assert.DoesNotContain(uncontracted, f => f.SubjectKey == "salesforce|Salesforce");
        // Dates arrive as 2026-01-15T10:30:00.000+0000 and are read to the second.
        var someone = active.First(u => u.License == "Salesforce" && u.LastLogin is not null);
        Assert.Equal(someone.LastLogin!.Value.ToUnixTimeSeconds(), lines.Single(l => l.GetProperty("accountId").GetString() == someone.Id).GetProperty("lastActivity").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.Contains(orphaned, f => f.ContractId == "salesforce-sales" && f.Evidence["identityKey"] == "integration@contoso-sales.example" && f.Evidence["entraAccount"] == "none");
        Assert.Contains(orphaned, f => f.ContractId == "salesforce-sales" && f.Evidence["entraAccount"] == "disabled");
    }

    [Fact]
    public async Task ServerUnavailable_503_IsRetried_AndTheRunCompletes()
    {
        Demo.VendorFaults("salesforce").ThrottleRequests.UnionWith([1, 2]);

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "salesforce").Status);
        Assert.Equal(VendorRuns.Pages(SalesforceEndpoints.Users(Demo).Count(u => u.IsActive), 8) + 2, Demo.Requests("salesforce/query"));
    }

    [Fact]
    public async Task SpentDailyQuota_FailsWithoutBlamingTheToken()
    {
        Demo.VendorFaults("salesforce").QuotaExhausted = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var salesforce = run.Sources.Single(s => s.Source == "salesforce");

        Assert.Equal("failed", salesforce.Status);
        Assert.Contains("403: REQUEST_LIMIT_EXCEEDED TotalRequests Limit exceeded.", salesforce.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("token was refused", salesforce.Error, StringComparison.Ordinal);
        Assert.Equal(1, Demo.Requests("salesforce/query"));
    }

    [Fact]
    public async Task ExpiredSession_FailsOnlySalesforce_WithWhatToCheck()
    {
        Demo.VendorFaults("salesforce").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        AssertOnlySourceFailed(run, "salesforce", "401: INVALID_SESSION_ID Session expired or invalid", "Sources__salesforce__Token");
    }
}
