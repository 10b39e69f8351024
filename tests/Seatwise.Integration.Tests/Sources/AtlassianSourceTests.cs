using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The atlassian source against the demo tenant's Organizations API over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AtlassianSourceTests(AzuriteFixture azurite) : VendorSourceTest(azurite, new DemoTenantOptions { Users = 150, Seed = 17 },
    "jira,Atlassian,Jira Premium,atlassian,jira-software,120,190.00,EUR,annual\n" +
    "confluence,Atlassian,Confluence Premium,atlassian,confluence,100,110.00,EUR,annual\n")
{
    protected override void Configure(LocalHostSettings settings, DemoTenantServer demo)
    {
        VendorRuns.Enable(settings, demo, "atlassian", pageSize: 40);
    }

    [Fact]
    public async Task Collects_EveryV2DirectoryPage_ASeatPerProduct_JudgedByThatProductsActivity_AppsAndCustomersAreNotPeople()
    {
        var users = AtlassianEndpoints.Users(Demo).ToList();
        var people = users.Where(u => u.AccountType == "atlassian").ToList();
        var seats = people.Where(u => u.Status == "active" && u.Billable).SelectMany(u => u.Products.Select(p => (User: u, Product: p))).ToList();

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var atlassian = run.Sources.Single(s => s.Source == "atlassian");
        var orphaned = await VendorRuns.FindingsAsync(Setup, FindingTypes.OrphanedSeat);
        var confluence = await VendorRuns.SeatsAsync(Setup, "confluence");

        Assert.Equal("ok", atlassian.Status);
        Assert.Equal(people.Count, atlassian.Accounts);
        Assert.Equal(seats.Count, atlassian.Seats);
        Assert.True(users.Count > 40, "the demo must need more than one page of 40");
        Assert.Equal(VendorRuns.Pages(users.Count, 40), Demo.Requests("atlassian/directory-users"));
        Assert.Equal(0, Demo.Requests("atlassian/users"));
        Assert.Empty(atlassian.Warnings);
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
        Demo.VendorFaults("atlassian").ThrottleRequests.Add(2);

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "atlassian").Status);
        Assert.Equal(VendorRuns.Pages(AtlassianEndpoints.Users(Demo).Count(), 40) + 1, Demo.Requests("atlassian/directory-users"));
    }

    [Fact]
    public async Task AddedToOrg_GivesAJoinersSeatsTheirGrace()
    {
        var reference = Demo.Generator.ReferenceTime;
        var joiners = AtlassianEndpoints.Users(Demo).Where(u => u.AccountType == "atlassian" && u.Billable && u.AddedToOrg > reference.AddDays(-14)).ToList();

        await TestRuns.StartAndWaitAsync(Setup.Client);
        var jira = await VendorRuns.SeatsAsync(Setup, "jira");

        Assert.NotEmpty(joiners);
        Assert.All(joiners, u => Assert.Contains(jira, l => l.GetProperty("accountId").GetString() == u.AccountId && l.GetProperty("status").GetString() is "new" or "disabled"));
    }

    [Fact]
    public async Task RefusedApiKey_FailsOnlyAtlassian_WithWhatToCheck()
    {
        Demo.VendorFaults("atlassian").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        AssertOnlySourceFailed(run, "atlassian", "401: Unauthorized: The API key is invalid or has expired.", "Sources__atlassian__Token");
    }
}
