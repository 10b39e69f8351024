using System.Text.Json;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Usage;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Integration.Tests.Sources;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Graph;

/// <summary>The Microsoft 365 usage reports through a run, over HTTP against the demo tenant's report endpoints.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UsageReportTests(AzuriteFixture azurite)
{
    private const int Users = 400;

    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,300,33.75,EUR,monthly\n" +
        "copilot,Microsoft,Microsoft 365 Copilot,graph,Microsoft_365_Copilot,60,30.00,EUR,monthly\n";

    private async Task<DemoHost> StartAsync(Action<DemoTenantState> faults)
    {
        var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = Users, Seed = 21 }, Contracts);
        faults(setup.Demo.State);
        return setup;
    }

    private static IEnumerable<DemoUser> People(DemoTenantState demo) =>
        Enumerable.Range(0, Users).Select(i => demo.User(i)!).Where(u => u.UserType == "Member");

    private static SourcePart UsagePart(RunRecord run) =>
        run.Sources.Single(s => s.Source == SourceNames.Graph).Parts.Single(p => p.Name == SourcePart.M365Usage);

    [Fact]
    public async Task WithoutP1_TheReportsJudgeMicrosoftSeats_InactiveSeatFindings_WithAFixedNumberOfReportRequests()
    {
        await using var setup = await StartAsync(d => d.Faults.NoPremium = true);
        var demo = setup.Demo.State;

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var inactive = (await VendorRuns.FindingsAsync(setup, FindingTypes.InactiveSeat)).Where(f => f.ContractId == "m365-e3").ToList();
        var seats = await VendorRuns.SeatsAsync(setup, "m365-e3");

        Assert.Equal(SourcePart.Ok, UsagePart(run).Status);
        Assert.True(run.Sources.Single(s => s.Source == SourceNames.Graph).ActivityKnown);
        Assert.NotEmpty(inactive);
        // Every E3 holder is in the report: none is unknown; those with no workload date in 180 days are inactive.
        Assert.DoesNotContain(seats, s => s.GetProperty("status").GetString() == "unknown");
        var idle = People(demo).Where(u => u.AccountEnabled && u.Licenses.Contains(DemoSkus.E3) && u.WorkloadActivity.Count == 0 && u.CreatedDateTime < demo.Generator.ReferenceTime.AddDays(-31)).ToList();
        Assert.NotEmpty(idle);
        Assert.All(idle, u => Assert.Contains(inactive, f => string.Equals(f.Evidence["identityKey"], u.UserPrincipalName, StringComparison.OrdinalIgnoreCase)));
        // Two report calls and their two downloads, for any tenant size: no per-user request.
        Assert.Equal(1, demo.Requests("reports"));
        Assert.Equal(1, demo.Requests("copilotReports"));
        Assert.Equal(2, demo.Requests("reportDownloads"));
    }

    [Fact]
    public async Task CopilotHolder_ActiveInOutlookButNeverInCopilot_HoldsAnInactiveCopilotSeat_AndWorkloadDatesAreInTheSeatCsv()
    {
        await using var setup = await StartAsync(_ => { });
        var demo = setup.Demo.State;
        var reference = demo.Generator.ReferenceTime;
        var outlookOnly = People(demo).Where(u => u.AccountEnabled && u.Licenses.Contains(DemoSkus.Copilot) && u.CopilotActivity is null &&
            u.WorkloadActivity.ContainsKey(Workloads.Exchange) && u.CreatedDateTime < reference.AddDays(-31)).ToList();
        var copilotUser = People(demo).First(u => u.AccountEnabled && u.CopilotActivity is not null && u.CreatedDateTime < reference.AddDays(-31));

        await TestRuns.StartAndWaitAsync(setup.Client);
        var copilot = (await VendorRuns.SeatsAsync(setup, "copilot")).ToDictionary(s => s.GetProperty("identityKey").GetString()!, StringComparer.Ordinal);
        var inactive = (await VendorRuns.FindingsAsync(setup, FindingTypes.InactiveSeat)).Where(f => f.ContractId == "copilot").ToList();
        var csv = await setup.Client.GetStringAsync(new Uri("api/contracts/m365-e3/seats?format=csv", UriKind.Relative));
        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].Split(',');

        Assert.NotEmpty(outlookOnly);
        Assert.All(outlookOnly, u =>
        {
            var key = u.UserPrincipalName.ToLowerInvariant();
            // Signed in lately and reading mail daily, yet the Copilot seat is judged by Copilot use alone.
            Assert.Equal("inactive", copilot[key].GetProperty("status").GetString());
            Assert.Contains(inactive, f => f.Evidence["identityKey"] == key);
        });
        Assert.Equal("active", copilot[copilotUser.UserPrincipalName.ToLowerInvariant()].GetProperty("status").GetString());
        Assert.Equal(copilotUser.CopilotActivity, copilot[copilotUser.UserPrincipalName.ToLowerInvariant()].GetProperty("usage").GetProperty("copilot").GetDateTimeOffset());
        // The seat-line CSV carries a column per workload, filled from the report.
        Assert.Equal(Workloads.All.Select(Workloads.CsvColumn), header[^Workloads.All.Count..]);
        var mailer = People(demo).First(u => u.AccountEnabled && u.Licenses.Contains(DemoSkus.E3) && u.WorkloadActivity.ContainsKey(Workloads.Exchange));
        var row = lines.Single(l => string.Equals(l.Split(',')[2], mailer.UserPrincipalName, StringComparison.OrdinalIgnoreCase)).Split(',');
        Assert.StartsWith(mailer.WorkloadActivity[Workloads.Exchange].ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            row[Array.IndexOf(header, Workloads.CsvColumn(Workloads.Exchange))], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConcealedNames_FailTheReportPart_WithTheSettingToChange_NoReportDataJoined_AndTheDashboardSummarySaysSo()
    {
        await using var setup = await StartAsync(d => d.Faults.ConcealedNames = true);

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var seats = await VendorRuns.SeatsAsync(setup, "m365-e3");
        using var summary = JsonDocument.Parse(await setup.Client.GetStringAsync(new Uri("api/summary", UriKind.Relative)));
        var graph = summary.RootElement.GetProperty("freshness").EnumerateArray().Single(f => f.GetProperty("source").GetString() == SourceNames.Graph);
        var part = graph.GetProperty("parts").EnumerateArray().Single();

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(SourcePart.Failed, UsagePart(run).Status);
        Assert.Contains("Display concealed user, group, and site names in all reports", UsagePart(run).Reason, StringComparison.Ordinal);
        Assert.All(seats, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("usage").ValueKind));
        Assert.Equal("failed", part.GetProperty("status").GetString());
        Assert.Contains("concealed", part.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithoutReportsReadAll_ThePartIsSkippedNamingThePermission_SignInActivityJudgesAsBefore()
    {
        await using var setup = await StartAsync(d => d.Faults.ReportsForbidden = true);

        var run = await TestRuns.StartAndWaitAsync(setup.Client);
        var seats = await VendorRuns.SeatsAsync(setup, "m365-e3");

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(SourcePart.Skipped, UsagePart(run).Status);
        Assert.Contains("Reports.Read.All", UsagePart(run).Reason, StringComparison.Ordinal);
        Assert.Contains(seats, s => s.GetProperty("status").GetString() == "active");
        Assert.All(seats, s => Assert.Equal(JsonValueKind.Null, s.GetProperty("usage").ValueKind));
    }
}
