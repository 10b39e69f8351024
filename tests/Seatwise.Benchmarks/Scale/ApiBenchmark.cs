using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Benchmarks.Reconciliation;
using Seatwise.Local;
using Seatwise.Local.Azurite;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>api --users N</c>: the query API over the ledger of an N-account tenant and of one a tenth its size, side by
/// side in one process and one Azurite. Each tenant's ledger, positions and run record are what a run writes for the
/// reconciliation benchmark's generated tenant (reconciled for real, stored through the repositories). Reports the
/// Table entities storage returned for the first and the 10th findings page of 50 and for the summary (counted by an
/// HTTP pipeline policy on every storage response), then the latency of the first findings page at 200 requests/s
/// for 30 s against a baseline making one raw Table query of 50 entities at the same rate on the same Azurite.
/// </summary>
public static class ApiBenchmark
{
    private const int Top = 50;
    private const int Rate = 200;
    private const int UncachedRate = 20;
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);

    public static async Task<int> RunAsync(int users)
    {
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
        // The load generator, the host and its storage clients share this process's thread pool; without a floor,
        // .NET's thread injection (about one thread per half second under a burst) sets the p99, not Seatwise.
        ThreadPool.SetMinThreads(64, 64);

        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        var counter = new EntityCounter(azurite.Ports.Table);
        var results = new List<Measured>();
        foreach (var size in new[] { users / 10, users })
        {
            results.Add(await MeasureAsync(azurite.Ports.ConnectionString, counter, size));
        }

        var (small, large) = (results[0], results[1]);
        string Side(Func<Measured, string> f) => $"{f(small),12} {f(large),12}";
        Console.WriteLine(string.Join(Environment.NewLine,
            $"                           {small.Users,12:N0} {large.Users,12:N0} users",
            $"ledger entries             {Side(m => m.Findings.ToString("N0", CultureInfo.InvariantCulture))}",
            $"entities, page 1           {Side(m => m.FirstPage.ToString(CultureInfo.InvariantCulture))}",
            $"entities, page 10          {Side(m => m.TenthPage.ToString(CultureInfo.InvariantCulture))}",
            $"entities, summary          {Side(m => m.Summary.ToString(CultureInfo.InvariantCulture))}",
            $"entities, page 1 cached    {Side(m => m.CachedPage.ToString(CultureInfo.InvariantCulture))}",
            $"page 1 p50 / p99 ms        {Side(m => $"{Ms(m.Page.P50)} / {Ms(m.Page.P99)}")}",
            $"baseline p50 / p99 ms      {Side(m => $"{Ms(m.Baseline.P50)} / {Ms(m.Baseline.P99)}")}",
            $"requests sent / failed     {Side(m => $"{m.Page.Sent}/{m.Page.Failed}")}",
            $"uncached ({UncachedRate}/s) p50/p99 {Side(m => $"{Ms(m.Uncached.P50)} / {Ms(m.Uncached.P99)}")}",
            $"  failed                   {Side(m => m.Uncached.Failed.ToString(CultureInfo.InvariantCulture))}",
            $"entities read per page ({Label(small.Users)}) {small.FirstPage}",
            $"entities read per page ({Label(large.Users)}) {large.FirstPage}",
            $"p99 ms {Ms(large.Page.P99)} (baseline {Ms(large.Baseline.P99)})"));
        return 0;
    }

    private static string Label(int users) => users % 1000 == 0 ? $"{users / 1000}k" : users.ToString(CultureInfo.InvariantCulture);

    private static string Ms(TimeSpan t) => t.TotalMilliseconds.ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record Measured(int Users, int Findings, long FirstPage, long TenthPage, long Summary, long CachedPage, Latency Page, Latency Baseline, Latency Uncached);

    private static async Task<Measured> MeasureAsync(string connectionString, EntityCounter counter, int users)
    {
        var tenant = "bench" + users.ToString(CultureInfo.InvariantCulture);
        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
        settings.Settings["AzureWebJobsStorage"] = connectionString;
        settings.Settings["Seatwise:TenantId"] = tenant;
        settings.ConfigureServices = services => services.AddSingleton(new StoragePolicy(counter));
        await using var host = await LocalHost.StartAsync(settings);
        var findings = await SeedAsync(host, tenant, users);
        // The seeding's garbage (the reconciled tenant, the ledger) is collected now, not in a pause during the measurement.
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        var first = new Uri($"api/findings?top={Top}", UriKind.Relative);
        // Warm-up: the first request pays for the table clients and the layout check.
        (await client.GetAsync(first)).EnsureSuccessStatusCode();

        // Entities per page as a page costs when it is read (the first request after a ledger change); a cached
        // page costs the version row's point read only.
        var storage = host.Services.GetRequiredService<StorageSettings>();
        storage.PageCacheSeconds = 0;
        var firstPage = await counter.CountAsync(() => client.GetStringAsync(first));
        string? token = null;
        long tenthPage = 0;
        for (var page = 1; page <= 10; page++)
        {
            var uri = new Uri(first + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)), UriKind.Relative);
            string body = string.Empty;
            var read = await counter.CountAsync(async () => body = await client.GetStringAsync(uri));
            tenthPage = read;
            token = JsonDocument.Parse(body).RootElement.GetProperty("continuationToken").GetString();
        }

        var summary = await counter.CountAsync(() => client.GetStringAsync(new Uri("api/summary", UriKind.Relative)));
        storage.PageCacheSeconds = new StorageSettings().PageCacheSeconds;
        var cachedPage = await counter.CountAsync(() => client.GetStringAsync(first));

        var baselineFilter = TableClient.CreateQueryFilter($"PartitionKey eq {FindingRepository.Partition(tenant, 0)}");
        var table = new TableClient(connectionString, FindingRepository.TableName);
        Console.WriteLine($"{users:N0} users: first page at {Rate}/s");
        var pages = await LoadAsync(async () => (await client.GetAsync(first)).EnsureSuccessStatusCode());

        // The same page read afresh every time (cache off): the 16 bucket queries per request.
        storage.PageCacheSeconds = 0;
        await DrainAsync(table, tenant);
        Console.WriteLine($"{users:N0} users: first page, cache off, at {UncachedRate}/s");
        // At a tenth of the rate: at 200/s Azurite, which serves every request on one Node thread, falls behind on
        // 3,200 queries a second and keeps working through the backlog long after, spoiling what is measured next.
        var uncached = await LoadAsync(async () => (await client.GetAsync(first)).EnsureSuccessStatusCode(), UncachedRate);
        storage.PageCacheSeconds = new StorageSettings().PageCacheSeconds;
        await DrainAsync(table, tenant);
        Console.WriteLine($"{users:N0} users: raw baseline at {Rate}/s for {Duration.TotalSeconds} s");
        var baseline = await LoadAsync(async () =>
        {
            await foreach (var page in table.QueryAsync<TableEntity>(baselineFilter, maxPerPage: Top).AsPages())
            {
                break;
            }
        });
        await DrainAsync(table, tenant);
        return new Measured(users, findings, firstPage, tenthPage, summary, cachedPage, pages, baseline, uncached);
    }

    /// <summary>What a run of the generated tenant leaves for the API: ledger, aggregates, positions, run record.</summary>
    private static async Task<int> SeedAsync(LocalHost host, string tenant, int users)
    {
        var watch = Stopwatch.StartNew();
        var (positions, ledger, runAt) = ReconciliationBenchmarks.Reconciled(users, "bench-run");
        var repository = host.Services.GetRequiredService<FindingRepository>();
        await repository.SaveAsync(tenant, [], ledger.Entries, CancellationToken.None);
        await repository.SaveAggregatesAsync(tenant, FindingAggregates.From(ledger.Entries), CancellationToken.None);
        var results = host.Services.GetRequiredService<ResultRepository>();
        foreach (var position in positions)
        {
            await results.SavePositionAsync(tenant, "bench-run", position, ContractStatus.Ok, "bench-run", runAt, 1, CancellationToken.None);
        }

        await host.Services.GetRequiredService<RunRepository>().SaveAsync(new RunRecord
        {
            RunId = "bench-run",
            Tenant = tenant,
            Status = RunStatus.Completed,
            Trigger = "benchmark",
            CreatedAt = runAt,
            StartedAt = runAt,
            CompletedAt = runAt,
            Contracts = [.. positions.Select(p => new ContractOutcome { ContractId = p.ContractId, Status = ContractStatus.Ok, Assigned = p.Assigned })],
        }, CancellationToken.None);
        Console.WriteLine($"{users:N0} users: stored {ledger.Entries.Count:N0} ledger entries and {positions.Count} positions in {watch.Elapsed.TotalSeconds:0.0} s");
        return ledger.Entries.Count;
    }

    /// <summary>
    /// Waits until Azurite answers a point read within 50 ms again: requests a client gave up on stay queued in its one
    /// thread and would otherwise slow whatever is measured next.
    /// </summary>
    private static async Task DrainAsync(TableClient table, string tenant)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            var probe = Stopwatch.StartNew();
            await table.GetEntityIfExistsAsync<TableEntity>(tenant + "~ledger", "version");
            if (probe.ElapsedMilliseconds < 50)
            {
                return;
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Requests outstanding at most (10 s of arrivals); more means storage stopped keeping up.</summary>
    private const int MaxInFlight = Rate * 10;

    private sealed record Latency(TimeSpan P50, TimeSpan P99, int Sent, int Failed);

    /// <summary>Open loop: a request every 1/Rate s for Duration whatever the answers, so slow answers do not slow the arrivals.</summary>
    private static async Task<Latency> LoadAsync(Func<Task> request, int rate = Rate)
    {
        var count = (int)(rate * Duration.TotalSeconds);
        var times = new double[count];
        var starts = new double[count];
        var failed = 0;
        var inFlight = 0;
        var tasks = new List<Task>(count);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            var due = TimeSpan.FromSeconds(i / (double)rate);
            if (due > clock.Elapsed)
            {
                await Task.Delay(due - clock.Elapsed);
            }

            var index = i;
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                // Storage has stopped keeping up: the request counts as failed and as slow as the test is long,
                // instead of piling up until the process runs out of memory.
                failed++;
                times[index] = Duration.TotalMilliseconds;
                continue;
            }

            Interlocked.Increment(ref inFlight);
            tasks.Add(Task.Run(async () =>
            {
                var started = clock.Elapsed;
                starts[index] = started.TotalSeconds;
                try
                {
                    await request();
                }
                catch (Exception)
                {
                    Interlocked.Increment(ref failed);
                }

                times[index] = (clock.Elapsed - started).TotalMilliseconds;
                Interlocked.Decrement(ref inFlight);
            }));
        }

        await Task.WhenAll(tasks);
        var slowest = Enumerable.Range(0, count).OrderByDescending(i => times[i]).Take(8).Select(i => $"{starts[i]:0.00}s:{times[i]:0}ms");
        Console.WriteLine($"  slowest (start:latency) {string.Join(" ", slowest)}");
        Array.Sort(times);
        var latency = new Latency(TimeSpan.FromMilliseconds(times[count / 2]), TimeSpan.FromMilliseconds(times[(int)(count * 0.99)]), count, failed);
        Console.WriteLine($"  p90 {Ms(TimeSpan.FromMilliseconds(times[(int)(count * 0.9)]))} ms, p95 {Ms(TimeSpan.FromMilliseconds(times[(int)(count * 0.95)]))} ms, max {Ms(TimeSpan.FromMilliseconds(times[^1]))} ms");
        Console.WriteLine($"  p50 {Ms(latency.P50)} ms, p99 {Ms(latency.P99)} ms, {failed} of {count} failed");
        return latency;
    }

    /// <summary>Counts the entities Table storage returns (a query's <c>value</c> array, or one for a point read) while a measurement is on.</summary>
    private sealed class EntityCounter(int tablePort) : HttpPipelinePolicy
    {
        private long _entities;
        private volatile bool _on;

        public async Task<long> CountAsync(Func<Task> request)
        {
            Interlocked.Exchange(ref _entities, 0);
            _on = true;
            await request();
            _on = false;
            return Interlocked.Read(ref _entities);
        }

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            ProcessNext(message, pipeline);
            Count(message);
        }

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            Count(message);
        }

        private void Count(HttpMessage message)
        {
            if (!_on || message.Request.Uri.Port != tablePort || message.Request.Method != RequestMethod.Get || message.Response.Status != 200 || message.Response.Content is null)
            {
                return;
            }

            using var body = JsonDocument.Parse(message.Response.Content.ToMemory());
            Interlocked.Add(ref _entities, body.RootElement.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 1);
        }
    }
}
