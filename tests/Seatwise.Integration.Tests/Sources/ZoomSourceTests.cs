using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The zoom source against the demo tenant's Zoom endpoints over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ZoomSourceTests(AzuriteFixture azurite) : VendorSourceTest(azurite, new DemoTenantOptions { Users = 60, Seed = 5 },
    "zoom-business,Zoom,Zoom Workplace Business,zoom,licensed,40,199.90,EUR,annual\n")
{
    protected override void Configure(LocalHostSettings settings, DemoTenantServer demo)
    {
        VendorRuns.Enable(settings, demo, "zoom", pageSize: 10);
    }

    [Fact]
    public async Task Collects_EveryPage_LicensedUsersAreSeats_LeaversAndZoomOnlyAccountsAreOrphaned()
    {
        var users = ZoomEndpoints.Users(Demo).ToList();
        var licensed = users.Where(u => u.Type == 2).ToList();

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var zoom = run.Sources.Single(s => s.Source == "zoom");
        var ledger = (await Setup.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(Setup.Tenant, CancellationToken.None)).Select(s => s.Entry).ToList();
        var orphaned = ledger.Where(e => e.Finding.Type == FindingTypes.OrphanedSeat).Select(e => e.Finding.Evidence["identityKey"]).ToHashSet();
        var leavers = Enumerable.Range(0, 60).Select(i => Demo.User(i)!).Where(u => !u.AccountEnabled).Select(u => u.VendorEmail.ToLowerInvariant()).ToHashSet();

        Assert.Equal("ok", zoom.Status);
        Assert.Equal(users.Count, zoom.Accounts);
        Assert.Equal(licensed.Count, zoom.Seats);
        Assert.Equal((users.Count + 9) / 10, Demo.Requests("zoom/users"));
        Assert.Equal(licensed.Count, run.Contracts.Single(c => c.ContractId == "zoom-business").Assigned);
        Assert.Contains("events@partner-agency.example", orphaned);
        Assert.All(licensed.Where(u => leavers.Contains(u.Email.ToLowerInvariant())), u => Assert.Contains(u.Email.ToLowerInvariant(), orphaned));
    }

    [Fact]
    public async Task CreationIsUserCreatedAt_NotTheLatestLoginTypeChange_SoAMoveToSsoIsNoJoinersGrace()
    {
        var reference = Demo.Generator.ReferenceTime;
        var moved = ZoomEndpoints.Users(Demo).Where(u => u.Type == 2 && u.LoginTypeChanged > reference.AddDays(-7) && u.Created < reference.AddDays(-60)).ToList();

        await TestRuns.StartAndWaitAsync(Setup.Client);
        var seats = (await VendorRuns.SeatsAsync(Setup, "zoom-business")).ToDictionary(s => s.GetProperty("accountId").GetString()!, StringComparer.Ordinal);

        Assert.NotEmpty(moved);
        Assert.All(moved, u =>
        {
            Assert.NotEqual("new", seats[u.Id].GetProperty("status").GetString());
            Assert.Equal(u.Created, seats[u.Id].GetProperty("createdAt").GetDateTimeOffset());
        });
    }

    [Fact]
    public async Task Throttled_429_IsRetried_AndTheRunCompletes()
    {
        Demo.VendorFaults("zoom").ThrottleRequests.Add(2);
        Demo.VendorFaults("zoom").RetryAfterSeconds = 1;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "zoom").Status);
        Assert.Equal(((ZoomEndpoints.Users(Demo).Count() + 9) / 10) + 1, Demo.Requests("zoom/users"));
    }

    [Fact]
    public async Task RefusedToken_FailsOnlyZoom_WithWhatToCheck_GraphIntact()
    {
        Demo.VendorFaults("zoom").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        AssertOnlySourceFailed(run, "zoom", "401: Invalid access token.", "Sources__zoom__Token");
        Assert.Equal("skipped", run.Contracts.Single(c => c.ContractId == "zoom-business").Status);
    }
}
