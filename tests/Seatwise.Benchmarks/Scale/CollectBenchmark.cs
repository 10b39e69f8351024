using System.Diagnostics;
using System.Globalization;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.Local.Azurite;
using Seatwise.Sources.Graph;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Snapshots;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>collect --users N</c>: collects an N-user demo tenant through the Graph SDK into a snapshot in Azurite (in
/// memory, free ports) and reports Graph requests against the minimum, wall time and the process's peak working
/// set. The demo tenant runs in the same process, so the memory figure is an upper bound for the collector.
/// </summary>
public static class CollectBenchmark
{
    public static async Task<int> RunAsync(int users)
    {
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = users, Seed = 42, ReferenceTime = new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero) });
        _ = demo.State.ConsumedUnits; // the demo tenant's own one-off count, kept out of the measurement
        var snapshots = new SnapshotStore(StorageAccount.FromConnectionString(azurite.Ports.ConnectionString));
        var options = new GraphOptions { BaseUrl = demo.GraphBaseUrl, Authentication = GraphAuthentication.None };
        var source = new GraphInventorySource(GraphClientBuilder.Create(options), options, IdentityKeys.Default);
        demo.State.ResetCounters();
        using var process = Process.GetCurrentProcess();
        GC.Collect();
        var before = Environment.WorkingSet;

        var watch = Stopwatch.StartNew();
        await using var writer = await snapshots.CreateWriterAsync("bench", "run1", "graph", CancellationToken.None);
        var result = await source.CollectAsync(writer, CancellationToken.None);
        var manifest = await writer.CommitAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        watch.Stop();
        process.Refresh();

        var apps = demo.State.Generator.Apps.Count;
        var minimum = (int)Math.Ceiling(users / 120.0) + (int)Math.Ceiling(apps / 999.0) + 1 + 1;
        var report = string.Join(Environment.NewLine,
            $"users                  {users:N0}",
            $"seats                  {result.Seats:N0}",
            $"apps (service princ.)  {apps:N0}",
            $"graph requests         {demo.State.TotalRequests:N0} (minimum {minimum:N0}: ceil(users/120) + ceil(sps/999) + 1 + 1 for subscriptions)",
            $"wall time              {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            $"working set before     {before / (1024 * 1024):N0} MB",
            $"peak working set       {process.PeakWorkingSet64 / (1024 * 1024):N0} MB (whole process, demo tenant included)",
            $"snapshot seats part    {manifest.Parts[SnapshotParts.Seats].Records:N0} records");
        Console.WriteLine(report);
        return demo.State.TotalRequests == minimum ? 0 : 1;
    }
}
