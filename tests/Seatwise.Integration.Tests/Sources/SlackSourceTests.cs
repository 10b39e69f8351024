using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The slack source against the demo tenant's Slack Web API methods over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SlackSourceTests(AzuriteFixture azurite) : VendorSourceTest(azurite, new DemoTenantOptions { Users = 200, Seed = 13 },
    "slack-business,Slack,Slack Business+,slack,billable,100,150.00,EUR,annual\n")
{
    protected override void Configure(LocalHostSettings settings, DemoTenantServer demo)
    {
        VendorRuns.Enable(settings, demo, "slack", pageSize: 15);
        // Two access-log entries a page: more than Slack's 100 pages per query, so the source has to go on with "before".
        settings.Settings["Sources:slack:AccessLogPageSize"] = "2";
    }

    [Fact]
    public async Task Collects_BillableMembersAsSeats_LastAccessAsActivity_DeletedAndBotsHoldNone_LeaversStillBilledAreOrphaned()
    {
        var users = SlackEndpoints.Users(Demo).ToList();
        var people = users.Where(u => u.Email is not null && !u.IsBot).ToList();
        var seats = people.Where(u => u.Billable).ToList();

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var slack = run.Sources.Single(s => s.Source == "slack");
        var orphaned = await VendorRuns.FindingsAsync(Setup, FindingTypes.OrphanedSeat);
        var lines = await VendorRuns.SeatsAsync(Setup, "slack-business");

        Assert.Equal("ok", slack.Status);
        Assert.True(slack.ActivityKnown);
        Assert.Equal(people.Count, slack.Accounts);
        Assert.Equal(seats.Count, slack.Seats);
        Assert.Equal(VendorRuns.Pages(users.Count, 15), Demo.Requests("slack/users.list"));
        Assert.Equal(BillableInfoPages(), Demo.Requests("slack/team.billableInfo"));
        Assert.True(users.Sum(u => u.Logins.Count) > 200, "the demo must need more than 100 access-log pages of 2");
        Assert.True(Demo.Requests("slack/team.accessLogs") > 100);
        Assert.Equal(seats.Count, run.Contracts.Single(c => c.ContractId == "slack-business").Assigned);
        // Activity is the latest access over all devices, for every seat, including those read past page 100.
        Assert.All(seats, u => Assert.Equal(
            u.Logins.Count == 0 ? null : (DateTimeOffset?)DateTimeOffset.FromUnixTimeSeconds(u.Logins.Max().ToUnixTimeSeconds()),
            lines.Single(l => l.GetProperty("accountId").GetString() == u.Id).GetProperty("lastActivity") is { ValueKind: not System.Text.Json.JsonValueKind.Null } at ? at.GetDateTimeOffset() : null));
        Assert.DoesNotContain(lines, l => people.Single(p => p.Id == l.GetProperty("accountId").GetString()).Deleted);
        Assert.Contains(orphaned, f => f.ContractId == "slack-business" && f.Evidence["identityKey"] == "designer@creative-agency.example" && f.Evidence["entraAccount"] == "none");
        var leavers = Enumerable.Range(0, 200).Select(i => Demo.User(i)!).Where(u => !u.AccountEnabled).Select(u => u.UserPrincipalName).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var billedLeavers = seats.Where(u => leavers.Contains(u.Email!)).ToList();
        Assert.NotEmpty(billedLeavers);
        Assert.All(billedLeavers, u => Assert.Contains(orphaned, f => f.ContractId == "slack-business" && f.Evidence["entraAccount"] == "disabled" && string.Equals(f.Evidence["identityKey"], u.Email, StringComparison.OrdinalIgnoreCase)));
        Assert.All(orphaned.Where(f => f.ContractId == "slack-business"), f => Assert.Contains(seats, u => u.Email!.Equals(f.Evidence["identityKey"], StringComparison.OrdinalIgnoreCase)));
    }

    [Fact]
    public async Task Ratelimited_429_IsRetriedAfterRetryAfter_AndTheRunCompletes()
    {
        Demo.VendorFaults("slack").ThrottleRequests.Add(1);
        Demo.VendorFaults("slack").RetryAfterSeconds = 1;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "slack").Status);
        // team.billableInfo is read first: its first request was refused once.
        Assert.Equal(BillableInfoPages() + 1, Demo.Requests("slack/team.billableInfo"));
    }

    private int BillableInfoPages() =>
        VendorRuns.Pages(SlackEndpoints.Users(Demo).Count(u => u.Id.StartsWith('U') && u.Id != "USLACKBOT" && !u.IsBot), 15);

    [Fact]
    public async Task InvalidAuth_AnsweredAsOkFalse_FailsOnlySlack_WithWhatToCheck()
    {
        Demo.VendorFaults("slack").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        AssertOnlySourceFailed(run, "slack", "invalid_auth", "Sources__slack__Token");
    }
}
