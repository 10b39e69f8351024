using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Xunit.Abstractions;

namespace Seatwise.Integration.Tests.Runs;

/// <summary>
/// The chaos suite: runs over the demo tenant while Graph and every vendor throttle at random, and Table and Blob
/// storage answer 503, reset connections, time out after doing the work or lose the response. After every run the
/// ledger must equal the ledger of a fault-free run over the same data: no finding lost, duplicated or wrongly
/// resolved, and a person's acknowledgement kept. Seeded, so a failure replays exactly. docs/reliability.md.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ChaosTests(AzuriteFixture azurite, ITestOutputHelper output)
{
    private const int Runs = 20;
    // CI runs one seed; CHAOS_SEED replays another (every fault schedule is a function of it).
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CHAOS_SEED"), out var seed) ? seed : 20261130;
    private const double StorageFaultProbability = 0.04;
    private const string ChaosRetries = "10";

    [Fact]
    public async Task RunsUnderRandomSourceAndStorageFaults_LeaveTheLedgerOfAFaultFreeRun()
    {
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = 120, Seed = 11 });
        var contracts = await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "docs", "samples", "contracts.csv"));

        // The fault-free reference, and the finding a person acknowledges in both.
        IReadOnlyList<string> expected;
        string acknowledged;
        await using (var reference = await StartAsync(demo, contracts, faults: null))
        {
            Assert.Equal(RunStatus.Completed, (await RunAsync(reference.Client)).Status);
            acknowledged = await AcknowledgeAsync(reference, null);
            expected = await LedgerAsync(reference);
        }

        var faults = new StorageFaults(Seed, StorageFaultProbability, Environment.GetEnvironmentVariable("CHAOS_KINDS")?.Split(','));
        await using var chaos = await StartAsync(demo, contracts, faults);
        var random = new Random(Seed);
        var throttled = 0;
        for (var i = 0; i < Runs; i++)
        {
            // Graph and each vendor throttle a random share of their requests this run (Retry-After honoured).
            var before = demo.State.TotalRequests;
            demo.State.Faults.ThrottleFraction = random.NextDouble() * 0.25;
            foreach (var vendor in SourceNames.Vendors.Where(v => v != SourceNames.Csv))
            {
                demo.State.VendorFaults(vendor).ThrottleFraction = random.NextDouble() * 0.25;
                demo.State.VendorFaults(vendor).DelayMilliseconds = random.Next(0, 30);
            }

            var run = await RunAsync(chaos.Client);
            throttled += demo.State.TotalRequests - before;
            if (i == 0)
            {
                await AcknowledgeAsync(chaos, acknowledged);
            }

            faults.Enabled = false;
            var ledger = await LedgerAsync(chaos);
            faults.Enabled = true;

            Assert.True(run.Status == RunStatus.Completed, $"run {i + 1}: {run.Status} {run.Error} {string.Join("; ", run.Sources.Where(s => s.Status != "ok").Select(s => s.Source + ": " + s.Error))}");
            Assert.Equal(expected, ledger);
        }

        demo.State.Faults.Clear();
        output.WriteLine($"chaos (seed {Seed}): {Runs} runs, {faults.Total} storage faults injected ({string.Join(", ", faults.Injected.OrderBy(k => k.Key).Select(k => $"{k.Key} {k.Value}"))}), {throttled} source requests under random throttling, ledger differences 0");
        Assert.True(faults.Total >= Runs, $"only {faults.Total} storage faults were injected");
    }

    [Fact]
    public async Task StorageRestartedMidRun_TheRunCompletes_WithTheLedgerOfAFaultFreeRun()
    {
        // Its own Azurite with its data on disk, so it can be stopped and started again under the running host.
        var ports = Seatwise.Local.Azurite.AzuritePorts.Free();
        var location = Path.Combine(Path.GetTempPath(), "seatwise-restart-" + Guid.NewGuid().ToString("N")[..8]);
        var storage = await Seatwise.Local.Azurite.AzuriteLauncher.StartAsync(ports, location, progress: null, CancellationToken.None);
        try
        {
            await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = 120, Seed = 11 });
            var contracts = await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "docs", "samples", "contracts.csv"));
            await using var host = await StartAsync(demo, contracts, faults: null, ports.ConnectionString);
            Assert.Equal(RunStatus.Completed, (await RunAsync(host.Client)).Status);
            var expected = await LedgerAsync(host);

            // The second run is under way when storage goes away for a few seconds and comes back.
            demo.State.Faults.DelayMilliseconds = 300;
            using var started = await host.Client.PostAsync(new Uri("api/runs", UriKind.Relative), null);
            var runId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
            await Task.Delay(TimeSpan.FromSeconds(1));
            await storage.DisposeAsync();
            await Task.Delay(TimeSpan.FromSeconds(3));
            storage = await Seatwise.Local.Azurite.AzuriteLauncher.StartAsync(ports, location, progress: null, CancellationToken.None);
            demo.State.Faults.Clear();
            var run = await PersistAsync(() => TestRuns.WaitAsync(host.Client, runId, TimeSpan.FromMinutes(5)));

            Assert.True(run.Status == RunStatus.Completed, $"{run.Status}: {run.Error}");
            Assert.Equal(expected, await LedgerAsync(host));
            output.WriteLine($"storage restart: run {runId} {run.Status} after Azurite was stopped for 3 s mid-run; ledger differences 0");
        }
        finally
        {
            await storage.DisposeAsync();
            Directory.Delete(location, recursive: true);
        }
    }

    /// <summary>A local host over the demo tenant with Graph and every vendor source but csv, optionally with storage faults.</summary>
    private async Task<DemoHost2> StartAsync(DemoTenantServer demo, string contracts, StorageFaults? faults, string? connectionString = null)
    {
        var host = await TestHosts.StartAsync(azurite, s =>
        {
            if (connectionString is not null)
            {
                s.Settings["AzureWebJobsStorage"] = connectionString;
            }

            s.Settings["Graph:BaseUrl"] = demo.GraphBaseUrl;
            s.Settings["Graph:Authentication"] = "None";
            // Up to a quarter of requests are throttled, chosen by request number, so a request fails by design once it
            // meets more throttles in a row than its retry budget: f^(retries+1) at rate f. The test sends about 600
            // requests (seed 20261130); averaged over the drawn rates (0-0.25) six retries fail one test run in about
            // 220 (seen once in CI: "Graph answered 429 ... (after retries)"), ten (the most Kiota and the settings
            // allow) one in about 80,000. The test is about riding out throttling, not its dice; the budget has its
            // own tests.
            s.Settings["Graph:MaxRetries"] = ChaosRetries;
            foreach (var vendor in SourceNames.Vendors.Where(v => v != SourceNames.Csv))
            {
                s.Settings[$"Sources:{vendor}:Enabled"] = "true";
                s.Settings[$"Sources:{vendor}:MaxRetries"] = ChaosRetries;
            }

            foreach (var (key, value) in demo.VendorSettings())
            {
                s.Settings.TryAdd(key, value);
            }

            if (faults is not null)
            {
                s.ConfigureServices = services => services.AddSingleton(new StoragePolicy(faults));
            }
        });
        var client = TestHosts.Client(host);
        using var imported = await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(contracts, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        return new DemoHost2(host, client);
    }

    private sealed record DemoHost2(LocalHost Host, HttpClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await Host.DisposeAsync();
        }
    }

    /// <summary>A run started and awaited over HTTP; a poll that meets storage faults past their retries is repeated.</summary>
    private static async Task<RunRecord> RunAsync(HttpClient client)
    {
        var runId = await PersistAsync(async () =>
        {
            using var started = await client.PostAsync(new Uri("api/runs", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
            return JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
        });
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (DateTime.UtcNow < deadline)
        {
            var run = await PersistAsync(async () => JsonSerializer.Deserialize<RunRecord>(await client.GetStringAsync(new Uri($"api/runs/{runId}", UriKind.Relative)), ResultRepository.Json)!);
            if (RunStatus.IsFinished(run.Status))
            {
                return run;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"run {runId} did not finish");
    }

    private static async Task<T> PersistAsync<T>(Func<Task<T>> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call();
            }
            catch (HttpRequestException ex) when (ex.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 5)
            {
                await Task.Delay(500);
            }
        }
    }

    /// <summary>Acknowledges the most expensive open finding (or the one of that description) and returns its description.</summary>
    private static async Task<string> AcknowledgeAsync(DemoHost2 host, string? description)
    {
        var ledger = await host.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(Tenant(host), CancellationToken.None);
        var target = description is null
            ? ledger.Where(s => s.Entry.Status == FindingStatus.Open).OrderByDescending(s => s.Entry.Finding.AnnualCost).ThenBy(s => s.Entry.Finding.SubjectKey, StringComparer.Ordinal).First()
            : ledger.Single(s => Describe(s.Entry.Finding) == description);
        var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"api/findings/{target.Entry.Finding.Id}", UriKind.Relative))
        {
            Content = new StringContent("""{"status":"acknowledged","reason":"chaos suite: kept through every run"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", target.ETag.ToString());
        using var response = await host.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return Describe(target.Entry.Finding);
    }

    /// <summary>
    /// The ledger as a person sees it, without what differs between two tenants or two runs by design (finding ids
    /// carry the tenant; run ids and instants differ): type, contract, subject, status, money, evidence.
    /// </summary>
    private static async Task<IReadOnlyList<string>> LedgerAsync(DemoHost2 host)
    {
        var ledger = await host.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(Tenant(host), CancellationToken.None);
        return [.. ledger.Select(s => $"{s.Entry.Status}|{Describe(s.Entry.Finding)}|{s.Entry.Finding.AnnualCost}|{string.Join(";", s.Entry.Finding.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value))}").Order(StringComparer.Ordinal)];
    }

    private static string Describe(Finding f) => $"{f.Type}|{f.ContractId}|{f.SubjectKey}";

    private static string Tenant(DemoHost2 host) =>
        host.Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Seatwise.Workflows.SeatwiseOptions>>().Value.TenantId;
}
