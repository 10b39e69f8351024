using System.Diagnostics;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Sources;
using Seatwise.Sources.Graph;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Snapshots;

namespace Seatwise.Integration.Tests.Graph;

/// <summary>The graph source through the real Graph SDK against the demo tenant over HTTP, snapshots in Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class GraphInventorySourceTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Reference = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private readonly SnapshotStore _snapshots = new(StorageAccount.FromConnectionString(azurite.ConnectionString));
    private readonly string _tenant = "t" + Guid.NewGuid().ToString("N")[..10];

    private static Task<DemoTenantServer> DemoAsync(int users) =>
        DemoTenantServer.StartAsync(new DemoTenantOptions { Users = users, Seed = 7, ReferenceTime = Reference });

    private static GraphInventorySource Source(DemoTenantServer demo, int maxRetries = 2) => new(
        GraphClientBuilder.Create(new GraphOptions { BaseUrl = demo.GraphBaseUrl, Authentication = GraphAuthentication.None, MaxRetries = maxRetries, RetryDelaySeconds = 1 }),
        new GraphOptions { IncludeSubscriptions = true },
        IdentityKeys.Default);

    private async Task<(SourceResult Result, SnapshotManifest Manifest)> CollectAsync(DemoTenantServer demo, string runId = "run1", int maxRetries = 2)
    {
        await using var writer = await _snapshots.CreateWriterAsync(_tenant, runId, "graph", CancellationToken.None);
        var result = await Source(demo, maxRetries).CollectAsync(writer, CancellationToken.None);
        var manifest = await writer.CommitAsync(Reference, CancellationToken.None);
        return (result, manifest);
    }

    [Fact]
    public async Task Collect_SmallTenant_ExactCountsAndMinimalRequests()
    {
        await using var demo = await DemoAsync(300);
        var expectedSeats = Enumerable.Range(0, 300).Sum(i => demo.State.Generator.User(i).Licenses.Count);
        var expectedApps = demo.State.Generator.Apps.Count(a => a.Tags.Contains("WindowsAzureActiveDirectoryIntegratedApp"));

        var (result, manifest) = await CollectAsync(demo);
        var seats = new List<AccountSeats>();
        await foreach (var item in _snapshots.ReadAsync<AccountSeats>(manifest, SnapshotParts.Seats, CancellationToken.None))
        {
            seats.Add(item);
        }

        Assert.Equal(300, result.Accounts);
        Assert.Equal(expectedSeats, result.Seats);
        Assert.Equal(DemoSkus.All.Count, result.Products);
        Assert.Equal(expectedApps, result.Apps);
        Assert.Equal(300, seats.Select(s => s.Account.AccountId).Distinct().Count());
        Assert.Equal(expectedSeats, seats.Sum(s => s.Seats.Count));
        Assert.Equal(300, manifest.Parts[SnapshotParts.Seats].Records);
        // ceil(300/120) = 3 user pages, ceil(90 apps/999) = 1, subscribedSkus 1, subscriptions 1.
        Assert.Equal(3, demo.State.Requests("users"));
        Assert.Equal(1, demo.State.Requests("servicePrincipals"));
        Assert.Equal(1, demo.State.Requests("subscribedSkus"));
        Assert.Equal(1, demo.State.Requests("subscriptions"));
        // The usage reports: one call each, answered by a redirect to the CSV, whatever the tenant's size.
        Assert.Equal(1, demo.State.Requests("reports"));
        Assert.Equal(1, demo.State.Requests("copilotReports"));
        Assert.Equal(2, demo.State.Requests("reportDownloads"));
        Assert.Equal(10, demo.State.TotalRequests);
        Assert.Equal(8, result.Requests);
        Assert.True(result.ActivityKnown);
    }

    [Fact]
    public async Task Collect_ActivityFactsArriveAsGraphSentThem()
    {
        await using var demo = await DemoAsync(120);
        var expected = Enumerable.Range(0, 120).Select(demo.State.Generator.User).First(u => u.Profile == "spray-target");

        var (_, manifest) = await CollectAsync(demo);
        AccountSeats? found = null;
        await foreach (var item in _snapshots.ReadAsync<AccountSeats>(manifest, SnapshotParts.Seats, CancellationToken.None))
        {
            found = item.Account.AccountId == expected.Id ? item : found;
        }

        Assert.NotNull(found);
        Assert.Equal(expected.LastSuccessfulSignInDateTime, found.Account.LastSuccessfulSignInAt);
        Assert.Equal(expected.LastSignInDateTime, found.Account.LastSignInAt);
        Assert.Equal(expected.LastSuccessfulSignInDateTime, found.Account.LastActivity);
        Assert.Equal(expected.AccountEnabled, found.Account.Enabled);
        Assert.Equal(expected.UserPrincipalName.ToLowerInvariant(), found.Account.IdentityKey);
        Assert.Equal(expected.Licenses.Select(l => l.SkuPartNumber), found.Seats.Select(s => s.ProductKey));
    }

    [Fact]
    public async Task Collect_Throttled429WithRetryAfter_IsRetriedAndSucceeds()
    {
        await using var demo = await DemoAsync(250);
        // Requests 1-5: subscribedSkus, the two reports and their downloads.
        demo.State.Faults.ThrottleRequests.Add(6);   // the first users page
        demo.State.Faults.ThrottleRequests.Add(8);   // the last users page

        var (result, _) = await CollectAsync(demo);

        Assert.Equal(250, result.Accounts);
        Assert.Equal(3 + 2, demo.State.Requests("users"));   // ceil(250/120) = 3 pages + 2 retried
    }

    [Fact]
    public async Task Collect_Persistent503_FailsTheSourceWithinBoundedTime()
    {
        await using var demo = await DemoAsync(50);
        demo.State.Faults.ServiceUnavailable = true;
        var watch = Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<SourceFailedException>(() => CollectAsync(demo, maxRetries: 1));

        Assert.Contains("503", failure.Reason, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
        Assert.Empty(await _snapshots.ListCommittedRunsAsync(_tenant, "graph", CancellationToken.None));
    }

    [Fact]
    public async Task Collect_Unauthorized_FailsWithActionableReason()
    {
        await using var demo = await DemoAsync(10);
        demo.State.Faults.Unauthorized = true;

        var failure = await Assert.ThrowsAsync<SourceFailedException>(() => CollectAsync(demo));

        Assert.Contains("401", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("Graph__Authentication", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Collect_TenantWithoutP1OrReports_RetriesWithoutSignInActivityAndMarksActivityUnknown()
    {
        await using var demo = await DemoAsync(130);
        demo.State.Faults.NoPremium = true;
        demo.State.Faults.ReportsForbidden = true;

        var (result, manifest) = await CollectAsync(demo);
        var withActivity = 0;
        await foreach (var item in _snapshots.ReadAsync<AccountSeats>(manifest, SnapshotParts.Seats, CancellationToken.None))
        {
            withActivity += item.Account.LastActivity is null ? 0 : 1;
        }

        Assert.Equal(130, result.Accounts);
        Assert.False(result.ActivityKnown);
        Assert.Contains(result.Warnings, w => w.Contains("P1", StringComparison.Ordinal));
        Assert.Equal("false", manifest.Properties["activityKnown"]);
        Assert.Equal(0, withActivity);
        // Without signInActivity the 999 page size applies: one refused request, then one page.
        Assert.Equal(2, demo.State.Requests("users"));
    }

    [Fact]
    public async Task InterruptedSnapshot_WithoutManifest_IsInvisible()
    {
        await using (var writer = await _snapshots.CreateWriterAsync(_tenant, "run-crashed", "graph", CancellationToken.None))
        {
            await writer.WriteAsync(SnapshotParts.Seats, new { partial = true }, CancellationToken.None);
        }

        Assert.Null(await _snapshots.GetManifestAsync(_tenant, "run-crashed", "graph", CancellationToken.None));
        Assert.DoesNotContain("run-crashed", await _snapshots.ListCommittedRunsAsync(_tenant, "graph", CancellationToken.None));
    }

    [Fact]
    public async Task DemoTenant_SameSeed_SameBytes_AndSkipIsRefusedLikeGraph()
    {
        await using var a = await DemoAsync(200);
        await using var b = await DemoAsync(200);
        using var http = new HttpClient();
        const string Query = "users?$select=id,userPrincipalName,accountEnabled,assignedLicenses,signInActivity&$top=999";

        var first = await http.GetStringAsync(new Uri(a.Root, "v1.0/" + Query));
        var second = await http.GetStringAsync(new Uri(b.Root, "v1.0/" + Query));
        using var skip = await http.GetAsync(new Uri(a.Root, "v1.0/users?$skip=10"));

        Assert.Equal(first.Replace(a.Root.Authority, "host", StringComparison.Ordinal), second.Replace(b.Root.Authority, "host", StringComparison.Ordinal));
        Assert.Contains("\"@odata.nextLink\"", first, StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, skip.StatusCode);
        Assert.Contains("Request_UnsupportedQuery", await skip.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
