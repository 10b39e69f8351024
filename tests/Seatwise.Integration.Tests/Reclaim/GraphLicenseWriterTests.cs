using Seatwise.Core.Reclaim;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;
using Seatwise.Sources.Graph;
using Seatwise.Sources.Reclaim;

namespace Seatwise.Integration.Tests.Reclaim;

/// <summary>The Graph licence writer over HTTP against the demo tenant: reads before it writes, never touches a group's licence.</summary>
public sealed class GraphLicenseWriterTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static ReclaimItem Item(DemoUser user) => new()
    {
        FindingId = "f-" + user.Index, Type = "inactive-seat", Source = "graph", AccountId = user.Id, IdentityKey = user.UserPrincipalName,
        Subject = user.DisplayName, ProductKey = DemoSkus.E3.SkuPartNumber, Action = ReclaimActions.RemoveLicense, AnnualCost = 405, Currency = "EUR",
        Status = ReclaimItemStatus.Planned,
    };

    [Fact]
    public async Task RemovesADirectLicenceOnce_SkipsAGroupsLicence_AndUndoAssignsItAgain()
    {
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = 60, Seed = 7 });
        var options = new GraphOptions { BaseUrl = demo.GraphBaseUrl, Authentication = GraphAuthentication.None, RetryDelaySeconds = 1 };
        var writer = new GraphLicenseWriter(GraphClientBuilder.Create(options), options);
        var holders = Enumerable.Range(0, 60).Select(i => demo.State.User(i)!).Where(u => u.Licenses.Contains(DemoSkus.E3)).ToList();
        var direct = holders.First(u => DemoGroups.AssignedBy(u, DemoSkus.E3) is null);
        var byGroup = holders.First(u => DemoGroups.AssignedBy(u, DemoSkus.E3) is not null);

        var removed = await writer.ApplyAsync(Item(direct), ReclaimPhases.Execute, Now, CancellationToken.None);
        var again = await writer.ApplyAsync(Item(direct), ReclaimPhases.Execute, Now, CancellationToken.None);
        var group = await writer.ApplyAsync(Item(byGroup), ReclaimPhases.Execute, Now, CancellationToken.None);

        Assert.Equal(ReclaimOutcomes.Done, removed.Outcome);
        Assert.DoesNotContain(DemoSkus.E3, demo.State.User(direct.Index)!.Licenses);
        Assert.Contains(removed.Requests, r => r.StartsWith("POST ", StringComparison.Ordinal) && r.Contains("/assignLicense", StringComparison.Ordinal));
        Assert.Equal(ReclaimOutcomes.Skipped, again.Outcome);
        Assert.Contains("no longer assigned", again.Detail, StringComparison.Ordinal);
        Assert.Equal(ReclaimOutcomes.Skipped, group.Outcome);
        Assert.Contains(DemoGroups.SalesE3GroupId, group.Detail, StringComparison.Ordinal);
        Assert.Contains(DemoSkus.E3, demo.State.User(byGroup.Index)!.Licenses);
        // Two removals were asked for and one was sent (plus the demo's one throttled first attempt).
        Assert.Equal(2, demo.State.Requests("assignLicense"));

        var restored = await writer.ApplyAsync(Item(direct), ReclaimPhases.Undo, Now, CancellationToken.None);
        var restoredAgain = await writer.ApplyAsync(Item(direct), ReclaimPhases.Undo, Now, CancellationToken.None);
        Assert.Equal(ReclaimOutcomes.Done, restored.Outcome);
        Assert.Contains(DemoSkus.E3, demo.State.User(direct.Index)!.Licenses);
        Assert.Equal(ReclaimOutcomes.Skipped, restoredAgain.Outcome);
    }
}
