using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>Every vendor source in one run: one failing, one unconfigured, the others' positions and findings intact.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class VendorIsolationTests(AzuriteFixture azurite)
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,60,33.75,EUR,monthly\n" +
        "zoom,Zoom,Zoom Workplace Business,zoom,licensed,40,199.90,EUR,annual\n" +
        "github,GitHub,GitHub Enterprise Cloud,github,enterprise,40,231.00,EUR,annual\n" +
        "slack,Slack,Slack Business+,slack,billable,100,12.50,EUR,annual\n" +
        "jira,Atlassian,Jira Premium,atlassian,jira-software,80,110.00,EUR,annual\n" +
        "salesforce,Salesforce,Sales Cloud Enterprise,salesforce,Salesforce,30,1650.00,EUR,annual\n";

    [Fact]
    public async Task OneVendorFailing_AndOneUnconfigured_LeaveTheOthersPositionsAndFindingsIntact()
    {
        var logs = new CapturedLogs();
        DemoTenantServer demo = null!;
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 100, Seed = 23 }, Contracts, (s, d) =>
        {
            demo = d;
            foreach (var source in new[] { "zoom", "github", "slack", "atlassian", "salesforce" })
            {
                VendorRuns.Enable(s, d, source);
            }

            s.Settings.Remove("Sources:github:Organization");
            s.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs);
        });
        setup.Demo.State.VendorFaults("slack").ServiceUnavailable = true;

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var orphaned = await VendorRuns.FindingsAsync(setup, FindingTypes.OrphanedSeat);
        string Status(string source) => run.Sources.Single(s => s.Source == source).Status;
        string ContractStatus(string id) => run.Contracts.Single(c => c.ContractId == id).Status;

        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", Status("slack"));
        Assert.Contains("503", run.Sources.Single(s => s.Source == "slack").Error, StringComparison.Ordinal);
        Assert.Equal("skipped", Status("github"));
        Assert.Contains("Sources__github__Organization is not set", run.Sources.Single(s => s.Source == "github").Error, StringComparison.Ordinal);
        Assert.Equal(["ok", "ok", "ok", "ok"], new[] { "graph", "zoom", "atlassian", "salesforce" }.Select(Status));
        Assert.Equal(["ok", "ok", "ok", "ok", "skipped", "skipped"], new[] { "m365-e3", "zoom", "jira", "salesforce", "slack", "github" }.Select(ContractStatus));
        Assert.Equal(["jira", "salesforce", "zoom"], orphaned.Select(f => f.ContractId).Distinct().Order(StringComparer.Ordinal));
        Assert.All(orphaned, f => Assert.Contains(f.Evidence["entraAccount"], new[] { "none", "disabled" }));
        // The vendor clients log nothing of their own (no request URLs with organization ids, no headers), and no
        // message carries a token.
        Assert.NotEmpty(logs.Messages);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("HTTP request", StringComparison.Ordinal) &&
            new[] { "/zoom/v2/", "/github/", "/slack/api/", "/atlassian/admin/", "/salesforce/services/" }.Any(p => m.Contains(p, StringComparison.Ordinal)));
        var tokens = demo.VendorSettings().Where(kv => kv.Key.EndsWith(":Token", StringComparison.Ordinal)).Select(kv => kv.Value).ToList();
        Assert.DoesNotContain(logs.Messages, m => tokens.Any(t => m.Contains(t, StringComparison.Ordinal)));
    }
}
