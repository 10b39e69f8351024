using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Seatwise.Core.Inventory;
using Seatwise.Local;
using Seatwise.Local.Azurite;
using Seatwise.Local.Demo;
using Seatwise.Storage.Tables;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// Many tenants in one local host: N demo tenants of U users each (every one its own demo tenant process, so this
/// process's memory is the host's), registered over HTTP, contracts imported per tenant, then one run of every
/// tenant started at once. Reports the wall time until the last run ends, each run's time, the peak working set
/// and the table transactions, for the projection in docs/benchmarks.md.
/// </summary>
public static class TenantsBenchmark
{
    private static readonly string[][] VendorPairs = [["slack", "zoom"], ["github", "atlassian"], ["salesforce"], ["zoom", "github"]];

    public static async Task<int> RunAsync(int tenants, int users, int slots)
    {
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        var demos = new List<DemoProcess>();
        try
        {
            var started = Stopwatch.StartNew();
            for (var batch = 0; batch < tenants; batch += 8)
            {
                demos.AddRange(await Task.WhenAll(Enumerable.Range(batch, Math.Min(8, tenants - batch)).Select(i => DemoProcess.StartAsync(users, 100 + i))));
            }

            Console.WriteLine($"{tenants} demo tenant processes of {users:N0} users started in {started.Elapsed.TotalSeconds:0} s");
            var registrations = demos.Select((d, i) => DemoTenantRegistry.Describe($"bench-{i + 1:D3}", $"Benchmark tenant {i + 1}", d.Settings["Graph:BaseUrl"], d.Settings,
                VendorPairs[i % VendorPairs.Length])).ToList();

            var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
            settings.Settings["AzureWebJobsStorage"] = azurite.Ports.ConnectionString;
            settings.Settings["Graph:Authentication"] = "None";
            settings.Settings["Graph:TenantAuthentication"] = "None";
            settings.Settings["Seatwise:TenantId"] = "bench-default";
            settings.Settings["Graph:BaseUrl"] = demos[0].Settings["Graph:BaseUrl"];
            settings.Settings["Runs:MaxConcurrentTenants"] = slots.ToString(CultureInfo.InvariantCulture);
            settings.Settings["Runs:SlotWaitSeconds"] = "2";
            foreach (var (key, value) in registrations.SelectMany(r => r.HostSettings))
            {
                settings.Settings[key] = value;
            }

            await using var host = await LocalHost.StartAsync(settings);
            await host.DurableReady;
            using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
            var samples = await File.ReadAllTextAsync(Path.Combine(DemoProcess.RepoRoot, "docs", "samples", "contracts.csv"));
            foreach (var registration in registrations)
            {
                var record = registration.Record;
                (await client.PutAsJsonAsync($"api/tenants/{record.Id}", record)).EnsureSuccessStatusCode();
                var csv = DemoMode.RollForward(samples, DateOnly.FromDateTime(DateTime.UtcNow), [SourceNames.Graph, .. record.Sources]);
                (await client.PostAsync(new Uri($"api/tenants/{record.Id}/contracts/import", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
            }

            var transactionsBefore = TableStore.Transactions.Values.Sum();
            using var process = Process.GetCurrentProcess();
            long peak = 0;
            using var sampling = new CancellationTokenSource();
            var sampler = Task.Run(async () =>
            {
                while (!sampling.IsCancellationRequested)
                {
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                    await Task.Delay(50, CancellationToken.None);
                }
            });

            var watch = Stopwatch.StartNew();
            var runIds = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var registration in registrations)
            {
                using var response = await client.PostAsync(new Uri($"api/runs?tenant={registration.Record.Id}", UriKind.Relative), null);
                response.EnsureSuccessStatusCode();
                runIds[registration.Record.Id] = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
            }

            var finished = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            while (finished.Count < runIds.Count)
            {
                await Task.Delay(500);
                foreach (var (tenant, runId) in runIds.Where(r => !finished.ContainsKey(r.Key)))
                {
                    var run = await client.GetFromJsonAsync<JsonElement>(new Uri($"api/tenants/{tenant}/runs/{runId}", UriKind.Relative));
                    if (run.GetProperty("status").GetString() is not ("pending" or "running"))
                    {
                        finished[tenant] = run;
                    }
                }
            }

            watch.Stop();
            await sampling.CancelAsync();
            await sampler;
            var durations = finished.Values.Select(r => (r.GetProperty("completedAt").GetDateTimeOffset() - r.GetProperty("startedAt").GetDateTimeOffset()).TotalSeconds).Order().ToList();
            var seats = finished.Values.Sum(r => r.GetProperty("totals").GetProperty("seats").GetInt32());
            Console.WriteLine(string.Join(Environment.NewLine, (string[])[
                $"tenants                  {tenants} × {users:N0} users (run slots: {(slots == 0 ? "no limit" : slots.ToString(CultureInfo.InvariantCulture))})",
                $"run statuses             {string.Join(", ", finished.Values.GroupBy(r => r.GetProperty("status").GetString()).Select(g => $"{g.Key} {g.Count()}"))}",
                $"seat lines               {seats:N0}",
                $"wall time, all runs      {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
                $"one run (min/median/max) {durations[0]:0.0} / {durations[durations.Count / 2]:0.0} / {durations[^1]:0.0} s",
                $"tenant runs per minute   {(tenants / watch.Elapsed.TotalMinutes).ToString("0.0", CultureInfo.InvariantCulture)}",
                $"table transactions       {TableStore.Transactions.Values.Sum() - transactionsBefore:N0}",
                $"peak working set         {peak / (1024 * 1024)} MB"]));
            return finished.Values.All(r => r.GetProperty("status").GetString() is "completed" or "completedWithErrors") ? 0 : 1;
        }
        finally
        {
            foreach (var demo in demos)
            {
                await demo.DisposeAsync();
            }
        }
    }
}
