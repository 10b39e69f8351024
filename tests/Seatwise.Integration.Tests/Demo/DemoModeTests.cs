using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Local.Demo;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Demo;

/// <summary>The README's first command, minus the process: demo tenant, sample register, one run, the printed summary.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class DemoModeTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Demo_SeedsTheSamples_Runs_PrintsSummaryCardAndUrls_AndASecondStartReusesTheRegister()
    {
        var output = new StringWriter();
        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false, Demo = true, DemoUsers = 120, DemoSeed = 7, RepoRoot = BuildPaths.RepoRoot };
        settings.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings.Settings["AzureFunctionsJobHost:extensions:durableTask:hubName"] = TestHosts.UniqueHub();
        settings.Settings["Seatwise:TenantId"] = "d" + Guid.NewGuid().ToString("N")[..12];
        await using var demo = await DemoMode.StartTenantAsync(settings, output);
        JsonElement summary;
        await using (var host = await LocalHost.StartAsync(settings))
        {
            await host.DurableReady;
            await DemoMode.RunAsync(host, demo, settings, output, CancellationToken.None);
            using var client = TestHosts.Client(host);
            summary = JsonDocument.Parse(await client.GetStringAsync(new Uri("api/summary", UriKind.Relative))).RootElement.Clone();
        }

        // Money that adds up on the demo tenant: no headline above the spend of its currency (true-up exposure is
        // a liability beyond the bill and is left out on purpose), and the card shows the summary's own numbers.
        var headlines = summary.GetProperty("headlines").EnumerateArray().ToList();
        Assert.NotEmpty(headlines);
        foreach (var h in headlines)
        {
            var spend = h.GetProperty("annualSpend").GetDecimal();
            Assert.All(new[] { "unusedNow", "potentialSavings", "spendUnderReview" }, field => Assert.True(h.GetProperty(field).GetDecimal() <= spend, $"{field} {h.GetProperty(field)} above spend {spend}"));
        }

        var card = Assert.Single(demo.State.Webhook.Received).Body["attachments"]![0]!["content"]!["body"]!.AsArray();
        var facts = card.First(n => n!["type"]!.GetValue<string>() == "FactSet")!["facts"]!.AsArray()
            .ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
        string PerCurrency(string field) => string.Join(" · ", headlines.Select(h =>
            $"{h.GetProperty("currency").GetString()} {h.GetProperty(field).GetDecimal().ToString("N2", System.Globalization.CultureInfo.InvariantCulture)}"));
        Assert.Equal(PerCurrency("annualSpend"), facts["Annual spend"]);
        Assert.Equal(PerCurrency("unusedNow"), facts["Unused now"]);
        Assert.Equal(PerCurrency("potentialSavings"), facts["Potential savings at renewal"]);
        Assert.Equal(PerCurrency("trueUpExposure"), facts["True-up exposure"]);
        Assert.Equal(PerCurrency("spendUnderReview"), facts["Spend under review"]);
        Assert.DoesNotContain("at stake", output.ToString(), StringComparison.Ordinal);

        var second = new StringWriter();
        IReadOnlyList<Seatwise.Core.Findings.LedgerEntry> ledger;
        await using (var host = await LocalHost.StartAsync(settings))
        {
            await host.DurableReady;
            await DemoMode.RunAsync(host, demo, settings, second, CancellationToken.None);
            ledger = [.. (await host.Services.GetRequiredService<FindingRepository>().ListAllAsync(settings.Settings["Seatwise:TenantId"]!, CancellationToken.None)).Select(s => s.Entry)];
        }

        var text = output.ToString();
        Assert.Contains("imported docs/samples/contracts.csv (16 contracts", text, StringComparison.Ordinal);
        Assert.Contains("collected graph: 120 accounts", text, StringComparison.Ordinal);
        Assert.Contains("collected csv:", text, StringComparison.Ordinal);
        Assert.All(new[] { "zoom", "github", "slack", "atlassian", "salesforce" }, source => Assert.Contains($"collected {source}:", text, StringComparison.Ordinal));
        Assert.Contains("reconciled adobe-cc:", text, StringComparison.Ordinal);
        Assert.Contains("warning: adobe/creative-cloud.csv line", text, StringComparison.Ordinal);
        // Leavers disabled in Entra and freelancers unknown to it still hold Adobe seats: orphaned seats, with the evidence.
        var orphaned = ledger.Where(e => e.Finding.Type == Seatwise.Core.Findings.FindingTypes.OrphanedSeat).ToList();
        Assert.Contains(orphaned, e => e.Finding.SubjectKey.Contains("freelancer1@studio-partner.example", StringComparison.Ordinal));
        Assert.Contains(orphaned, e => !e.Finding.SubjectKey.Contains("studio-partner", StringComparison.Ordinal));
        // Every vendor's demo data has accounts Entra ID does not know (a freelancer, a bot, an integration user).
        Assert.Superset(
            new HashSet<string>(["adobe-cc", "zoom-business", "github-enterprise", "github-copilot", "slack-business", "atlassian-jira", "salesforce-sales"]),
            orphaned.Select(e => e.Finding.ContractId).ToHashSet());
        Assert.All(orphaned, e => Assert.Contains(e.Finding.Evidence["entraAccount"], new[] { "none", "disabled" }));
        Assert.Contains("Vendor seats held by leavers or by people Entra ID does not know (orphaned-seat)", text, StringComparison.Ordinal);
        // A line per contract with its open orphaned seats counted (from the summary's tallies, not a paged list).
        foreach (var contract in orphaned.Where(e => e.Status == Seatwise.Core.Findings.FindingStatus.Open).GroupBy(e => e.Finding.ContractId))
        {
            Assert.Matches($@"\n  {System.Text.RegularExpressions.Regex.Escape(contract.Key!)} +{contract.Count()} seats ", text);
        }
        Assert.Contains("Teams card received by the demo webhook", text, StringComparison.Ordinal);
        Assert.Contains("The 10 findings with the most money", text, StringComparison.Ordinal);
        Assert.Contains("annual spend", text, StringComparison.Ordinal);
        Assert.Contains("unused now", text, StringComparison.Ordinal);
        Assert.Contains("api/dashboard", text, StringComparison.Ordinal);
        Assert.Single(demo.State.Webhook.Received);
        Assert.Contains("already seeded", second.ToString(), StringComparison.Ordinal);
        Assert.Contains("Teams alert: nothingNew", second.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Demo_WithAnApiKeyFromTheEnvironment_UsesIt()
    {
        // Api__Key=secret dotnet run ... --demo: the key reaches the host through the environment, not the
        // settings the command line builds, and the demo's own client must send it.
        var output = new StringWriter();
        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false, Demo = true, DemoUsers = 40, DemoSeed = 3, RepoRoot = BuildPaths.RepoRoot };
        settings.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings.Settings["AzureFunctionsJobHost:extensions:durableTask:hubName"] = TestHosts.UniqueHub();
        settings.Settings["Seatwise:TenantId"] = "k" + Guid.NewGuid().ToString("N")[..12];
        Environment.SetEnvironmentVariable("Api__Key", "s3cret-from-env");
        try
        {
            await using var demo = await DemoMode.StartTenantAsync(settings, output);
            await using var host = await LocalHost.StartAsync(settings);
            await host.DurableReady;

            await DemoMode.RunAsync(host, demo, settings, output, CancellationToken.None);

            Assert.Contains("Summary", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            Environment.SetEnvironmentVariable("Api__Key", null);
        }
    }

    [Fact]
    public void RollForward_MovesPastRenewalsAheadByWholeYears_KeepsFutureOnes()
    {
        const string Csv = "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod,termStart,termEnd,renewalDate,noticeDays\n" +
            "old,Acme,Old,graph,X,1,1,EUR,annual,2024-07-01,2025-06-30,2025-07-01,30\n" +
            "ahead,Acme,Ahead,graph,Y,1,1,EUR,annual,,,2027-03-01,30\n";

        var rolled = DemoMode.RollForward(Csv, new DateOnly(2026, 11, 26));

        Assert.Contains("2026-07-01,2027-06-30,2027-07-01", rolled, StringComparison.Ordinal);
        Assert.Contains("2027-03-01", rolled, StringComparison.Ordinal);
    }

    /// <summary>The demo's last line says where its data is once Seatwise stops: a 100,000-user demo's is nowhere.</summary>
    [Theory]
    [InlineData(500, true, true, "The data stays in .seatwise/azurite; the next start reuses it.")]
    [InlineData(100_000, true, true, "Azurite keeps the data in memory: it is gone when Seatwise stops.")]
    [InlineData(500, false, true, "The data stays in the Azurite that was already running.")]
    [InlineData(500, false, false, "The data stays in the storage account AzureWebJobsStorage names.")]
    public void TheLastLine_SaysWhereTheDataStays(int users, bool azuriteStarted, bool onAzurite, string expected)
    {
        var settings = new LocalHostSettings { Demo = true, DemoUsers = users, RepoRoot = BuildPaths.RepoRoot };
        settings.AzuriteLocation = settings.AzuriteFolder(settings.RepoRoot);
        Assert.Equal(expected, DemoMode.WhereTheDataStays(settings, azuriteStarted, onAzurite));
    }
}
