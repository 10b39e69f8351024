using System.Text.Json;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>Where GitHub's SAML identities live (organization or enterprise), and a GitHub with none to join by.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GitHubIdentityTests(AzuriteFixture azurite)
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,60,33.75,EUR,monthly\n" +
        "github-enterprise,GitHub,GitHub Enterprise Cloud,github,enterprise,40,231.00,EUR,annual\n" +
        "github-copilot,GitHub,GitHub Copilot Business,github,copilot_business,30,19.00,USD,monthly\n";

    private static Task<DemoHost> StartAsync(AzuriteFixture azurite, bool samlAtOrganization, string? enterprise) =>
        DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 120, Seed = 11, GitHubSamlAtOrganization = samlAtOrganization }, Contracts, (s, d) =>
        {
            VendorRuns.Enable(s, d, "github");
            if (enterprise is null)
            {
                s.Settings.Remove("Sources:github:Enterprise");
            }
            else
            {
                s.Settings["Sources:github:Enterprise"] = enterprise;
            }
        });

    [Fact]
    public async Task SamlAtTheOrganization_WithoutEnterpriseSetting_JoinsByTheOrganizationsIdentities()
    {
        await using var setup = await StartAsync(azurite, samlAtOrganization: true, enterprise: null);
        var linked = GitHubEndpoints.Accounts(setup.Demo.State).Count(a => a.Email is not null);

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var github = run.Sources.Single(s => s.Source == "github");

        Assert.Equal("ok", github.Status);
        Assert.Equal(github.Accounts - linked, github.Unmatched);
        Assert.Equal(1, github.Unmatched);
        Assert.Contains(await VendorRuns.FindingsAsync(setup, FindingTypes.OrphanedSeat), f => f.Evidence["identityKey"] == "old.contractor@contractors.example");
    }

    [Fact]
    public async Task NoIdentityProviderToJoinBy_EveryAccountIsUnmatched_NoOrphanedSeatMoney_AndTheDashboardSummarySaysSo()
    {
        // SAML is configured at the enterprise, but the setting naming it is missing: the organization shows no provider.
        await using var setup = await StartAsync(azurite, samlAtOrganization: false, enterprise: null);

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var github = run.Sources.Single(s => s.Source == "github");
        var orphaned = await VendorRuns.FindingsAsync(setup, FindingTypes.OrphanedSeat);
        using var summary = JsonDocument.Parse(await setup.Client.GetStringAsync(new Uri("api/summary", UriKind.Relative)));
        var freshness = summary.RootElement.GetProperty("freshness").EnumerateArray().Single(f => f.GetProperty("source").GetString() == "github");

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(github.Accounts, github.Unmatched);
        Assert.True(github.Accounts > 20);
        Assert.DoesNotContain(orphaned, f => f.ContractId.StartsWith("github", StringComparison.Ordinal));
        Assert.Contains(github.Warnings, w => w.Contains("set Sources__github__Enterprise", StringComparison.Ordinal));
        Assert.Contains(github.Warnings, w => w.StartsWith($"{github.Accounts} of {github.Accounts} GitHub accounts have no SAML or SCIM email", StringComparison.Ordinal));
        Assert.Equal(github.Accounts, freshness.GetProperty("unmatched").GetInt32());
    }

    [Fact]
    public async Task UnknownEnterpriseSlug_FailsGitHub_NamingTheSetting()
    {
        await using var setup = await StartAsync(azurite, samlAtOrganization: false, enterprise: "no-such-enterprise");

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var github = run.Sources.Single(s => s.Source == "github");

        Assert.Equal("failed", github.Status);
        Assert.Contains("check Sources__github__Enterprise", github.Error, StringComparison.Ordinal);
        Assert.Contains("no-such-enterprise", github.Error, StringComparison.Ordinal);
    }
}
