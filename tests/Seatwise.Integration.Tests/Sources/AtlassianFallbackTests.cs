using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>An organization without the directory-based v2 users API: the source reads the v1 managed-accounts list instead.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AtlassianFallbackTests(AzuriteFixture azurite) : VendorSourceTest(azurite, new DemoTenantOptions { Users = 150, Seed = 17, AtlassianDirectoryApi = false },
    "jira,Atlassian,Jira Premium,atlassian,jira-software,120,190.00,EUR,annual\n" +
    "confluence,Atlassian,Confluence Premium,atlassian,confluence,100,110.00,EUR,annual\n")
{
    protected override void Configure(LocalHostSettings settings, DemoTenantServer demo)
    {
        VendorRuns.Enable(settings, demo, "atlassian");
    }

    [Fact]
    public async Task V2Answers404_V1IsRead_SameSeats_AndTheRunSaysWhichApi()
    {
        var users = AtlassianEndpoints.Users(Demo).ToList();
        var seats = users.Where(u => u.AccountType == "atlassian" && u.Status == "active" && u.Billable).Sum(u => u.Products.Count);

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var atlassian = run.Sources.Single(s => s.Source == "atlassian");

        Assert.Equal("ok", atlassian.Status);
        Assert.Equal(seats, atlassian.Seats);
        Assert.Equal(1, Demo.Requests("atlassian/directory-users"));
        Assert.Equal(VendorRuns.Pages(users.Count, 50), Demo.Requests("atlassian/users"));
        Assert.Contains(atlassian.Warnings, w => w.StartsWith("the v2 directory users API answered 404", StringComparison.Ordinal));
    }
}
