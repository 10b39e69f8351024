using System.Diagnostics;
using System.Globalization;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Vendors;
using Seatwise.Local.Azurite;
using Seatwise.Sources;
using Seatwise.Sources.Atlassian;
using Seatwise.Sources.GitHub;
using Seatwise.Sources.Graph;
using Seatwise.Sources.Salesforce;
using Seatwise.Sources.Slack;
using Seatwise.Sources.Zoom;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Snapshots;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>vendors --users N</c>: collects Graph and every vendor source from one N-user demo tenant into snapshots in
/// Azurite, one after the other in one process, with each source's default page sizes. Reports per source the
/// requests against the vendor's minimum, wall time, the time as a ratio of Graph's, and bytes allocated, from
/// the second of two rounds (the first warms up).
/// Exits non-zero when a source makes more requests than its minimum.
/// </summary>
public static class VendorsBenchmark
{
    public static async Task<int> RunAsync(int users)
    {
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = users, Seed = 42, ReferenceTime = new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero) });
        var state = demo.State;
        _ = state.ConsumedUnits;
        var snapshots = new SnapshotStore(StorageAccount.FromConnectionString(azurite.Ports.ConnectionString));
        var settings = demo.VendorSettings();
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var graphOptions = new GraphOptions { BaseUrl = demo.GraphBaseUrl, Authentication = GraphAuthentication.None };

        // Minimum requests per source, from the demo tenant's own lists and each vendor's page size.
        static int Pages(int items, int size) => Math.Max(1, (items + size - 1) / size);
        var github = GitHubEndpoints.Accounts(state).ToList();
        var slack = SlackEndpoints.Users(state).ToList();
        var slackBillable = slack.Count(u => u.Id.StartsWith('U') && u.Id != "USLACKBOT" && !u.IsBot);
        var slackLogs = slack.Sum(u => u.Logins.Count);
        var sources = new (IInventorySource Source, Func<int> Minimum)[]
        {
            (new GraphInventorySource(GraphClientBuilder.Create(graphOptions), graphOptions, IdentityKeys.Default),
                // subscribedSkus, subscriptions and the two usage reports besides the pages.
                () => Pages(users, 120) + Pages(state.Generator.Apps.Count, 999) + 2 + 2),
            (new ZoomSource(http, new ZoomOptions { BaseUrl = settings["Sources:zoom:BaseUrl"], Token = settings["Sources:zoom:Token"] }, IdentityKeys.Default),
                () => Pages(ZoomEndpoints.Users(state).Count(), 300)),
            (new GitHubSource(http, new GitHubOptions { BaseUrl = settings["Sources:github:BaseUrl"], Token = settings["Sources:github:Token"], Organization = GitHubEndpoints.Organization, Enterprise = GitHubEndpoints.Enterprise }, IdentityKeys.Default),
                () => Pages(github.Count(a => a.IsMember), 100) + Pages(github.Count(a => a.Copilot is not null), 100) + Pages(github.Count(a => a.SamlNameId is not null), 100)),
            // Access logs: 100 pages per query, then a query "before" the oldest entry, which repeats that second's entries.
            (new SlackSource(http, new SlackOptions { BaseUrl = settings["Sources:slack:BaseUrl"], Token = settings["Sources:slack:Token"] }, IdentityKeys.Default),
                () => Pages(slack.Count, 200) + Pages(slackBillable, 200) + Pages(slackLogs, 1000) + (Pages(slackLogs, 1000) > 100 ? 1 : 0)),
            (new AtlassianSource(http, new AtlassianOptions { BaseUrl = settings["Sources:atlassian:BaseUrl"], Token = settings["Sources:atlassian:Token"], OrganizationId = AtlassianEndpoints.OrganizationId }, IdentityKeys.Default),
                () => Pages(AtlassianEndpoints.Users(state).Count(), 100)),
            (new SalesforceSource(http, new SalesforceOptions { BaseUrl = settings["Sources:salesforce:BaseUrl"], Token = settings["Sources:salesforce:Token"] }, IdentityKeys.Default),
                () => Pages(SalesforceEndpoints.Users(state).Count(u => u.IsActive), 2000)),
        };

        // A first round warms up the JIT, the HTTP connections and the demo tenant's cached lists; the second is reported.
        foreach (var (source, _) in sources)
        {
            await using var writer = await snapshots.CreateWriterAsync("bench", "warmup", source.Name, CancellationToken.None);
            await source.CollectAsync(writer, CancellationToken.None);
        }

        Console.WriteLine($"users {users:N0} (seed 42); default page sizes; demo tenant in the same process; second of two rounds");
        Console.WriteLine($"{"source",-11} {"accounts",9} {"seats",9} {"requests",9} {"minimum",8} {"wall s",8} {"x graph",8} {"alloc MB",9}");
        double? graphSeconds = null;
        var overMinimum = false;
        foreach (var (source, minimum) in sources)
        {
            GC.Collect();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            await using var writer = await snapshots.CreateWriterAsync("bench", "run1", source.Name, CancellationToken.None);
            var result = await source.CollectAsync(writer, CancellationToken.None);
            await writer.CommitAsync(DateTimeOffset.UtcNow, CancellationToken.None);
            watch.Stop();
            var seconds = watch.Elapsed.TotalSeconds;
            graphSeconds ??= seconds;
            var expected = minimum();
            overMinimum |= result.Requests > expected;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{source.Name,-11} {result.Accounts,9:N0} {result.Seats,9:N0} {result.Requests,9:N0} {expected,8:N0} {seconds,8:0.0} {seconds / graphSeconds.Value,8:0.00} {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (1024.0 * 1024),9:N0}"));
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"peak working set {process.PeakWorkingSet64 / (1024 * 1024):N0} MB (whole process: demo tenant, its cached vendor lists and every collector)");
        return overMinimum ? 1 : 0;
    }
}
