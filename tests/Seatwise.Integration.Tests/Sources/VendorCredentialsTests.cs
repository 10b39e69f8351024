using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>Zoom and Salesforce with a client id and secret instead of a token: the source fetches its own token each run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VendorCredentialsTests(AzuriteFixture azurite)
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "zoom,Zoom,Zoom Workplace Business,zoom,licensed,40,199.90,EUR,annual\n" +
        "salesforce,Salesforce,Sales Cloud Enterprise,salesforce,Salesforce,30,1650.00,EUR,annual\n" +
        "github,GitHub,GitHub Enterprise Cloud,github,enterprise,40,231.00,EUR,annual\n" +
        "jira,Atlassian,Jira Premium,atlassian,jira-software,80,190.00,EUR,annual\n";

    // What an app setting holds when Key Vault could not resolve the reference (the secret was never set).
    private static string Unresolved(string secret) => $"@Microsoft.KeyVault(SecretUri=https://kv-demo.vault.azure.net/secrets/{secret})";

    [Fact]
    public async Task ClientCredentials_FetchATokenOncePerRun_UnresolvedReferencesSayWhich_WrongSecretOrOrganizationFailOnlyThatVendor()
    {
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 60, Seed = 29 }, Contracts, (s, demo) =>
        {
            foreach (var source in new[] { "zoom", "salesforce" })
            {
                VendorRuns.Enable(s, demo, source);
                // As deployed: the token reference does not resolve; the client secret does.
                s.Settings[$"Sources:{source}:Token"] = Unresolved(source + "-token");
                foreach (var (key, value) in demo.ClientCredentialSettings(source))
                {
                    s.Settings[key] = value;
                }
            }

            s.Settings["Sources:zoom:PageSize"] = "10";
            s.Settings["Sources:salesforce:ClientSecret"] = "not-the-secret";
            VendorRuns.Enable(s, demo, "github");
            s.Settings["Sources:github:Token"] = Unresolved("github-token");
            VendorRuns.Enable(s, demo, "atlassian");
            s.Settings["Sources:atlassian:OrganizationId"] = "not-our-org";
        });

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var salesforce = run.Sources.Single(s => s.Source == "salesforce");

        Assert.Equal("ok", run.Sources.Single(s => s.Source == "zoom").Status);
        Assert.Equal(1, setup.Demo.State.Requests("zoom/oauth"));
        Assert.Equal(VendorRuns.Pages(ZoomEndpoints.Users(setup.Demo.State).Count(), 10), setup.Demo.State.Requests("zoom/users"));
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "zoom").Status);
        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", salesforce.Status);
        Assert.Contains("client credentials were refused", salesforce.Error, StringComparison.Ordinal);
        Assert.Contains("400: invalid_client: invalid client credentials", salesforce.Error, StringComparison.Ordinal);
        Assert.Contains("Sources__salesforce__ClientId and __ClientSecret", salesforce.Error, StringComparison.Ordinal);
        Assert.Equal(0, setup.Demo.State.Requests("salesforce/query"));
        Assert.Equal("failed", run.Sources.Single(s => s.Source == "github").Status);
        Assert.Contains("Sources__github__Token is a Key Vault reference the platform did not resolve", run.Sources.Single(s => s.Source == "github").Error, StringComparison.Ordinal);
        Assert.Equal(0, setup.Demo.State.Requests("github"));
        var atlassian = run.Sources.Single(s => s.Source == "atlassian");
        Assert.Equal("failed", atlassian.Status);
        Assert.Contains("GET /atlassian/admin/v1/orgs/not-our-org/users answered 404: Not Found: Organization not-our-org was not found", atlassian.Error, StringComparison.Ordinal);
        Assert.Contains("check the organization or instance in Sources__atlassian__*", atlassian.Error, StringComparison.Ordinal);
    }
}
