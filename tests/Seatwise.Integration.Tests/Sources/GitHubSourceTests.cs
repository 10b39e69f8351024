using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The github source against the demo tenant's GitHub endpoints (REST and GraphQL) over HTTP, through a run.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GitHubSourceTests(AzuriteFixture azurite) : VendorSourceTest(azurite, new DemoTenantOptions { Users = 120, Seed = 11 },
    "github-enterprise,GitHub,GitHub Enterprise Cloud,github,enterprise,40,231.00,EUR,annual\n" +
    "github-copilot,GitHub,GitHub Copilot Business,github,copilot_business,30,19.00,USD,monthly\n")
{
    protected override void Configure(LocalHostSettings settings, DemoTenantServer demo)
    {
        VendorRuns.Enable(settings, demo, "github", pageSize: 10);
    }

    [Fact]
    public async Task Collects_MembersCopilotAndEnterpriseIdentities_EveryPage_JoinsBySamlOrScimEmail_OrphansLeaversAndFormerMember_BotIsUnmatched()
    {
        var accounts = GitHubEndpoints.Accounts(Demo).ToList();
        var members = accounts.Where(a => a.IsMember).ToList();
        var copilot = accounts.Where(a => a.Copilot is not null).ToList();
        var linked = accounts.Count(a => a.SamlNameId is not null);
        var scimOnly = accounts.Where(a => a.IsMember && a.Email is not null && a.Email == a.ScimEmail).ToList();

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);
        var github = run.Sources.Single(s => s.Source == "github");
        var orphaned = await VendorRuns.FindingsAsync(Setup, FindingTypes.OrphanedSeat);
        var copilotSeats = await VendorRuns.SeatsAsync(Setup, "github-copilot");
        var memberSeats = await VendorRuns.SeatsAsync(Setup, "github-enterprise");
        var leavers = Enumerable.Range(0, 120).Select(i => Demo.User(i)!).Where(u => !u.AccountEnabled).Select(u => u.VendorEmail.ToLowerInvariant()).ToHashSet();

        Assert.Equal("ok", github.Status);
        Assert.Equal(1, github.Unmatched);
        Assert.NotEmpty(scimOnly);
        Assert.Equal(members.Count + 1, github.Accounts);
        Assert.Equal(members.Count + copilot.Count, github.Seats);
        Assert.Equal(VendorRuns.Pages(members.Count, 10), Demo.Requests("github/members"));
        Assert.Equal(VendorRuns.Pages(copilot.Count, 10), Demo.Requests("github/copilot"));
        Assert.Equal(VendorRuns.Pages(linked, 100), Demo.Requests("github/graphql"));
        Assert.Equal(members.Count, run.Contracts.Single(c => c.ContractId == "github-enterprise").Assigned);
        Assert.Equal(copilot.Count, run.Contracts.Single(c => c.ContractId == "github-copilot").Assigned);
        // Membership has no activity at GitHub: those seats are unknown, never inactive. Copilot seats have their own.
        Assert.All(memberSeats, s => Assert.Contains(s.GetProperty("status").GetString(), new[] { "unknown", "disabled" }));
        Assert.Contains(copilotSeats, s => s.GetProperty("status").GetString() == "inactive");
        Assert.Contains(copilotSeats, s => s.GetProperty("status").GetString() == "active");
        // Joined by the SAML NameID (case-insensitively), not by login.
        Assert.Contains(memberSeats, s => s.GetProperty("identityKey").GetString()!.EndsWith("@contoso.example", StringComparison.Ordinal) && s.GetProperty("entraEnabled").GetBoolean());
        // A NameID that is an object id: the SCIM email keys the account.
        Assert.All(scimOnly, m => Assert.Contains(memberSeats, s => string.Equals(s.GetProperty("identityKey").GetString(), m.ScimEmail, StringComparison.OrdinalIgnoreCase)));
        // The build bot has no identity at all: unmatched, not evidence of a leaver, so no orphaned-seat money.
        Assert.DoesNotContain(orphaned, f => f.Evidence["identityKey"] == "contoso-build-bot");
        Assert.Contains(memberSeats, s => s.GetProperty("identityKey").GetString() == "contoso-build-bot" && s.GetProperty("status").GetString() == "unknown");
        Assert.Contains(orphaned, f => f.ContractId == "github-copilot" && f.Evidence["identityKey"] == "old.contractor@contractors.example");
        var memberLeavers = members.Where(m => m.Email is not null && leavers.Contains(m.Email.ToLowerInvariant())).ToList();
        Assert.NotEmpty(memberLeavers);
        Assert.All(memberLeavers, m => Assert.Contains(orphaned, f => f.ContractId == "github-enterprise" && string.Equals(f.Evidence["identityKey"], m.Email, StringComparison.OrdinalIgnoreCase) && f.Evidence["entraAccount"] == "disabled"));
        Assert.Contains(github.Warnings, w => w.StartsWith($"1 of {members.Count + 1} GitHub accounts have no SAML or SCIM email", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CopilotSeat_WithoutTelemetry_IsJudgedBySignIn_WithNeither_IsUnknown_AndANewSeatIsNew()
    {
        var reference = Demo.Generator.ReferenceTime;
        var holders = GitHubEndpoints.Accounts(Demo).Where(a => a.Copilot is not null && a.Email is not null).ToList();
        var signedIn = holders.First(a => a.Copilot!.LastActivityAt is null && a.Copilot.LastAuthenticatedAt is not null && a.Copilot.CreatedAt < reference.AddDays(-30));
        var neither = holders.First(a => a.Copilot!.LastActivityAt is null && a.Copilot.LastAuthenticatedAt is null && a.Copilot.CreatedAt < reference.AddDays(-30));
        var granted = holders.First(a => a.Copilot!.CreatedAt > reference.AddDays(-10));

        await TestRuns.StartAndWaitAsync(Setup.Client);
        var seats = (await VendorRuns.SeatsAsync(Setup, "github-copilot"))
            .ToDictionary(s => s.GetProperty("identityKey").GetString()!, StringComparer.OrdinalIgnoreCase);
        var inactive = (await VendorRuns.FindingsAsync(Setup, FindingTypes.InactiveSeat)).Select(f => f.Evidence["identityKey"]).ToHashSet(StringComparer.OrdinalIgnoreCase);

        // Telemetry off, signed in three days ago: active, by the sign-in.
        Assert.Equal("active", seats[signedIn.Email!].GetProperty("status").GetString());
        // No activity and no sign-in known: unknown, never an inactive seat with money on it.
        Assert.Equal("unknown", seats[neither.Email!].GetProperty("status").GetString());
        // Granted five days ago and not used yet: new (the seat's created_at gives it its grace).
        Assert.Equal("new", seats[granted.Email!].GetProperty("status").GetString());
        Assert.DoesNotContain(neither.Email!, inactive);
        Assert.DoesNotContain(granted.Email!, inactive);
    }

    [Fact]
    public async Task RateLimited_403WithResetHeader_IsWaitedOut_AndTheRunCompletes()
    {
        Demo.VendorFaults("github").ThrottleRequests.Add(3);
        Demo.VendorFaults("github").RetryAfterSeconds = 1;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "github").Status);
        var accounts = GitHubEndpoints.Accounts(Demo).ToList();
        var expected = VendorRuns.Pages(accounts.Count(a => a.IsMember), 10) + VendorRuns.Pages(accounts.Count(a => a.Copilot is not null), 10) + 1 + 1;
        Assert.Equal(expected, Demo.Requests("github"));
    }

    [Fact]
    public async Task BadCredentials_FailOnlyGitHub_WithWhatToCheck()
    {
        Demo.VendorFaults("github").Unauthorized = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        AssertOnlySourceFailed(run, "github", "401: Bad credentials", "Sources__github__Token");
        Assert.Equal("skipped", run.Contracts.Single(c => c.ContractId == "github-copilot").Status);
    }

    [Fact]
    public async Task TokenWithoutEnterpriseRead_ForbiddenInGraphQl_FailsGitHub_SayingWhichPermission()
    {
        Demo.VendorFaults("github").MissingPermission = true;

        var run = await TestRuns.StartAndWaitAsync(Setup.Client);

        AssertOnlySourceFailed(run, "github", "the token may not read the enterprise contoso-demo-enterprise's SAML identities", "You must be an owner", "read:enterprise");
    }
}
