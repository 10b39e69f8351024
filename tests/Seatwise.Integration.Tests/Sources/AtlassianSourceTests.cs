using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The atlassian source against the demo tenant's Organizations API over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AtlassianSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,60,33.75,EUR,monthly\n" +
        "jira,Atlassian,Jira Premium,atlassian,jira-software,120,110.00,EUR,annual\n" +
        "confluence,Atlassian,Confluence Premium,atlassian,confluence,100,58.00,EUR,annual\n";

    private DemoHost _setup = null!;

    public async Task InitializeAsync() => _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 150, Seed = 17 }, Contracts,
        (s, demo) => VendorRuns.Enable(s, demo, "atlassian"));

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task Collects_EveryPage_ASeatPerProduct_JudgedByThatProductsActivity_AppsAndCustomersAreNotPeople()
    {
        var users = AtlassianEndpoints.Users(_setup.Demo.State).ToList();
        var people = users.Where(u => u.AccountType == "atlassian").ToList();
        var seats = people.Where(u => u.Status == "active" && u.Billable).SelectMany(u => u.Products.Select(p => (User: u, Product: p))).ToList();

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var atlassian = run.Sources.Single(s => s.Source == "atlassian");
        var orphaned = await VendorRuns.FindingsAsync(_setup, FindingTypes.OrphanedSeat);
        var confluence = await VendorRuns.SeatsAsync(_setup, "confluence");

        Assert.Equal("ok", atlassian.Status);
        Assert.Equal(people.Count, atlassian.Accounts);
        Assert.Equal(seats.Count, atlassian.Seats);
        Assert.True(users.Count > 50, "the demo must need more than one page of 50");
        Assert.Equal(VendorRuns.Pages(users.Count, 50), _setup.Demo.State.Requests("atlassian/users"));
        Assert.Equal(seats.Count(s => s.Product.Key == "jira-software"), run.Contracts.Single(c => c.ContractId == "jira").Assigned);
        Assert.Equal(seats.Count(s => s.Product.Key == "confluence"), run.Contracts.Single(c => c.ContractId == "confluence").Assigned);
        // Someone who works in Jira but never opened Confluence holds an inactive Confluence seat.
        var idle = seats.First(s => s.Product.Key == "confluence" && s.Product.LastActive is null && s.User.Products.Any(p => p.Key == "jira-software" && p.LastActive is not null) && s.User.Status == "active");
        var line = confluence.Single(l => l.GetProperty("accountId").GetString() == idle.User.AccountId);
        Assert.Equal("inactive", line.GetProperty("status").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, line.GetProperty("lastActivity").ValueKind);
        Assert.Contains(orphaned, f => f.ContractId == "jira" && f.Evidence["identityKey"] == "dev@freelance.example" && f.Evidence["entraAccount"] == "none");
        Assert.Contains(orphaned, f => f.ContractId == "jira" && f.Evidence["entraAccount"] == "disabled");
        Assert.DoesNotContain(orphaned, f => f.Evidence["identityKey"] is "noreply@connect.atlassian.com" or "customer@fabrikam.example");
    }

    [Fact]
    public async Task Throttled_429_IsRetried_AndTheRunCompletes()
    {
        _setup.Demo.State.VendorFaults("atlassian").ThrottleRequests.Add(2);

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "atlassian").Status);
        Assert.Equal(VendorRuns.Pages(AtlassianEndpoints.Users(_setup.Demo.State).Count(), 50) + 1, _setup.Demo.State.Requests("atlassian/users"));
    }

    [Fact]
    public async Task RefusedApiKey_FailsOnlyAtlassian_WithWhatToCheck()
    {
        _setup.Demo.State.VendorFaults("atlassian").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var atlassian = run.Sources.Single(s => s.Source == "atlassian");

        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", atlassian.Status);
        Assert.Contains("401: Unauthorized: The API key is invalid or has expired.", atlassian.Error, StringComparison.Ordinal);
        Assert.Contains("Sources__atlassian__Token", atlassian.Error, StringComparison.Ordinal);
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "m365-e3").Status);
    }
}
