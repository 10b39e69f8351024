using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>One identity across every source: people known to vendors by an address other than their UPN, over HTTP through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdentityJoinTests(AzuriteFixture azurite)
{
    private const int Users = 300;

    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,200,33.75,EUR,monthly\n" +
        "zoom,Zoom,Zoom Workplace Business,zoom,licensed,120,199.90,EUR,annual\n" +
        "github,GitHub,GitHub Enterprise Cloud,github,enterprise,100,231.00,EUR,annual\n" +
        "slack,Slack,Slack Business+,slack,billable,250,150.00,EUR,annual\n" +
        "jira,Atlassian,Jira Premium,atlassian,jira-software,200,190.00,EUR,annual\n" +
        "salesforce,Salesforce,Sales Cloud Enterprise,salesforce,Salesforce,60,1650.00,EUR,annual\n";

    private static readonly string[] Vendors = ["zoom", "github", "slack", "atlassian", "salesforce"];

    private static Task<DemoHost> StartAsync(AzuriteFixture azurite) =>
        DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = Users, Seed = 5 }, Contracts, (s, d) =>
        {
            foreach (var source in Vendors)
            {
                VendorRuns.Enable(s, d, source);
            }
        });

    /// <summary>Every key an enabled person is known by in Entra: UPN, mail, SMTP proxy addresses, other mails.</summary>
    private static HashSet<string> EnabledKeys(DemoTenantState demo)
    {
        var keys = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Users; i++)
        {
            if (demo.User(i) is { AccountEnabled: true } user)
            {
                foreach (var address in new[] { user.UserPrincipalName, user.Mail }.Concat(user.ProxyAddresses.Select(p => IdentityKeys.SmtpAddress(p) ?? p)).Concat(user.OtherMails))
                {
                    keys.Add(IdentityKeys.Default.Normalize(address));
                }
            }
        }

        return keys;
    }

    [Fact]
    public async Task NoOrphanedSeat_PointsAtAPersonWithAnEnabledEntraAccount_UnderAnyOfTheirAddresses_AcrossAllSources()
    {
        await using var setup = await StartAsync(azurite);
        var demo = setup.Demo.State;
        var enabled = EnabledKeys(demo);
        var cases = Enumerable.Range(0, Users).Select(i => demo.User(i)!)
            .Where(u => u.UserType == "Member" && u.AccountEnabled && !string.Equals(u.VendorEmail, u.UserPrincipalName, StringComparison.OrdinalIgnoreCase)).ToList();

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var orphaned = await VendorRuns.FindingsAsync(setup, FindingTypes.OrphanedSeat);
        var seats = new List<System.Text.Json.JsonElement>();
        foreach (var contract in new[] { "zoom", "github", "slack", "jira", "salesforce" })
        {
            seats.AddRange(await VendorRuns.SeatsAsync(setup, contract));
        }

        Assert.All(Vendors, v => Assert.Equal("ok", run.Sources.Single(s => s.Source == v).Status));
        // The demo has each identity case (renamed, employee-number UPN, alias-domain proxy, other mail) among enabled people.
        Assert.Equal(4, cases.Select(u => u.Index % 41).Distinct().Count());
        Assert.NotEmpty(orphaned);
        Assert.All(orphaned, f => Assert.DoesNotContain(f.Evidence["identityKey"], enabled));
        // Each case's vendor seats joined the enabled account by the address the vendor knows.
        var joined = seats.Where(s => cases.Any(u => IdentityKeys.Default.Normalize(u.VendorEmail) == s.GetProperty("identityKey").GetString())).ToList();
        Assert.NotEmpty(joined);
        Assert.All(joined, s => Assert.True(s.GetProperty("entraEnabled").GetBoolean()));
    }

    [Fact]
    public async Task AnAddressTwoEntraAccountsClaim_JoinsNeither_TheLeaversSeatIsNoOrphan_AndGraphWarnsNamingIt()
    {
        await using var setup = await StartAsync(azurite);
        var demo = setup.Demo.State;
        // A leaver whose vendor seats are orphaned today...
        var leaver = Enumerable.Range(0, Users).Select(i => demo.User(i)!).First(u => u.UserType == "Member" && !u.AccountEnabled && u.VendorEmail == u.UserPrincipalName &&
            Seatwise.DemoTenant.Vendors.ZoomEndpoints.Users(demo).Any(z => z.Type == 2 && string.Equals(z.Email, u.VendorEmail, StringComparison.OrdinalIgnoreCase)));
        var key = IdentityKeys.Default.Normalize(leaver.VendorEmail);
        await TestRuns.StartAndWaitAsync(setup.Client);
        Assert.Contains(await OpenOrphansAsync(setup), f => f.Evidence["identityKey"] == key && f.ContractId == "zoom");

        // ...and then a colleague lists the leaver's address under otherMails: which of the two holds the seat is unknown.
        var colleague = Enumerable.Range(0, Users).First(i => demo.User(i) is { UserType: "Member", AccountEnabled: true } u && u.Index != leaver.Index);
        demo.Change(colleague, u => u with { OtherMails = [leaver.VendorEmail] });
        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var zoomSeat = (await VendorRuns.SeatsAsync(setup, "zoom")).Single(s => s.GetProperty("identityKey").GetString() == key);

        Assert.Equal(1, run.Sources.Single(s => s.Source == "graph").Warnings.Count(w => w.Contains($"'{key}' is an address of more than one Entra account", StringComparison.Ordinal)));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, zoomSeat.GetProperty("entraEnabled").ValueKind);
        Assert.NotEqual("disabled", zoomSeat.GetProperty("status").GetString());
        // The earlier finding is resolved by this run: the ledger keeps it, no longer open.
        Assert.DoesNotContain(await OpenOrphansAsync(setup), f => f.Evidence["identityKey"] == key);
    }

    private static async Task<List<Finding>> OpenOrphansAsync(DemoHost setup)
    {
        var all = await setup.Host.Services.GetRequiredService<Seatwise.Storage.Runs.FindingRepository>().ListAllAsync(setup.Tenant, CancellationToken.None);
        return [.. all.Where(s => s.Entry.Status == FindingStatus.Open && s.Entry.Finding.Type == FindingTypes.OrphanedSeat).Select(s => s.Entry.Finding)];
    }
}
