using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The zoom source against the demo tenant's Zoom endpoints over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ZoomSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,30,33.75,EUR,monthly\n" +
        "zoom-business,Zoom,Zoom Workplace Business,zoom,licensed,40,199.90,EUR,annual\n";

    private DemoHost _setup = null!;

    public async Task InitializeAsync() => _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 60, Seed = 5 }, Contracts, (s, demo) =>
    {
        s.Settings["Sources:zoom:Enabled"] = "true";
        s.Settings["Sources:zoom:BaseUrl"] = demo.ZoomBaseUrl;
        s.Settings["Sources:zoom:Token"] = ZoomEndpoints.Token;
        s.Settings["Sources:zoom:PageSize"] = "10";
        s.Settings["Sources:zoom:RetryDelaySeconds"] = "0";
    });

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task Collects_EveryPage_LicensedUsersAreSeats_LeaversAndZoomOnlyAccountsAreOrphaned()
    {
        var users = ZoomEndpoints.Users(_setup.Demo.State).ToList();
        var licensed = users.Where(u => u.Type == 2).ToList();

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var zoom = run.Sources.Single(s => s.Source == "zoom");
        var ledger = (await _setup.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(_setup.Tenant, CancellationToken.None)).Select(s => s.Entry).ToList();
        var orphaned = ledger.Where(e => e.Finding.Type == FindingTypes.OrphanedSeat).Select(e => e.Finding.Evidence["identityKey"]).ToHashSet();
        var leavers = Enumerable.Range(0, 60).Select(i => _setup.Demo.State.User(i)!).Where(u => !u.AccountEnabled).Select(u => u.UserPrincipalName.ToLowerInvariant()).ToHashSet();

        Assert.Equal("ok", zoom.Status);
        Assert.Equal(users.Count, zoom.Accounts);
        Assert.Equal(licensed.Count, zoom.Seats);
        Assert.Equal((users.Count + 9) / 10, _setup.Demo.State.Requests("zoom/users"));
        Assert.Equal(licensed.Count, run.Contracts.Single(c => c.ContractId == "zoom-business").Assigned);
        Assert.Contains("events@partner-agency.example", orphaned);
        Assert.All(licensed.Where(u => leavers.Contains(u.Email.ToLowerInvariant())), u => Assert.Contains(u.Email.ToLowerInvariant(), orphaned));
    }

    [Fact]
    public async Task Throttled_429_IsRetried_AndTheRunCompletes()
    {
        _setup.Demo.State.VendorFaults("zoom").ThrottleRequests.Add(2);
        _setup.Demo.State.VendorFaults("zoom").RetryAfterSeconds = 1;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "zoom").Status);
        Assert.Equal(((ZoomEndpoints.Users(_setup.Demo.State).Count() + 9) / 10) + 1, _setup.Demo.State.Requests("zoom/users"));
    }

    [Fact]
    public async Task RefusedToken_FailsOnlyZoom_WithWhatToCheck_GraphIntact()
    {
        _setup.Demo.State.VendorFaults("zoom").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var zoom = run.Sources.Single(s => s.Source == "zoom");

        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", zoom.Status);
        Assert.Contains("401: Invalid access token.", zoom.Error, StringComparison.Ordinal);
        Assert.Contains("Sources__zoom__Token", zoom.Error, StringComparison.Ordinal);
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "m365-e3").Status);
        Assert.Equal("skipped", run.Contracts.Single(c => c.ContractId == "zoom-business").Status);
    }
}
