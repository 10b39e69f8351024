using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using User = Microsoft.Graph.Models.User;
using UserCollectionResponse = Microsoft.Graph.Models.UserCollectionResponse;
using Seatwise.DemoTenant;
using Seatwise.Local;
using Seatwise.Local.Azurite;
using Seatwise.Sources.Graph;
using Seatwise.Storage.Tables;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>pipeline --users N</c>: a full run (sync + reconcile of 20 contracts) through the local host against an
/// N-user demo tenant and Azurite, side by side with a baseline that makes the same Graph reads and writes the
/// same seat rows with the raw SDKs and no orchestration. Reports wall times and their ratio, Seats-table
/// transactions against the minimum, and the process's peak working set (demo tenant included).
/// </summary>
public static class PipelineBenchmark
{
    private static readonly string[] GraphSkus = ["SPE_E3", "SPE_E5", "Microsoft_365_Copilot", "VISIOCLIENT", "POWER_BI_PRO", "MCOEV"];

    public static async Task<int> RunAsync(int users)
    {
        // In-memory Azurite holds every entity and blob of the run in Node's heap; the default limit is too small
        // for a 100,000-user tenant (Azurite died there), so the child node process gets 8 GB.
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = users, Seed = 42 });
        _ = demo.State.ConsumedUnits;

        var baseline = await BaselineAsync(demo, azurite.Ports.ConnectionString);

        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
        settings.Settings["AzureWebJobsStorage"] = azurite.Ports.ConnectionString;
        settings.Settings["Graph:BaseUrl"] = demo.GraphBaseUrl;
        settings.Settings["Graph:Authentication"] = "None";
        settings.Settings["Seatwise:TenantId"] = "bench";
        await using var host = await LocalHost.StartAsync(settings);
        await host.DurableReady;
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var csv = new StringBuilder("id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n");
        for (var i = 0; i < 20; i++)
        {
            csv.Append(i < GraphSkus.Length
                ? string.Create(CultureInfo.InvariantCulture, $"c{i:00},Microsoft,{GraphSkus[i]},graph,{GraphSkus[i]},,{10 + i}.50,EUR,monthly\n")
                : string.Create(CultureInfo.InvariantCulture, $"c{i:00},Vendor{i},Plan {i},csv,plan-{i},100,{5 + i}.00,EUR,annual\n"));
        }

        (await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        var seatsBefore = TableStore.Transactions.GetValueOrDefault("Seats");
        demo.State.ResetCounters();

        var watch = Stopwatch.StartNew();
        using var started = await client.PostAsync(new Uri("api/runs", UriKind.Relative), null);
        var runId = (await started.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
        JsonElement run;
        do
        {
            await Task.Delay(200);
            run = await client.GetFromJsonAsync<JsonElement>(new Uri($"api/runs/{runId}", UriKind.Relative));
        }
        while (run.GetProperty("status").GetString() is "pending" or "running");
        watch.Stop();

        var contracts = run.GetProperty("contracts").EnumerateArray().ToList();
        // The minimum for the layout: a transaction per full hundred of each bucket partition and one for its rest
        // (seat lines are spread over partitions of at most 2,000 rows, docs/pipeline.md).
        var seatsTable = new TableClient(azurite.Ports.ConnectionString, "Seats");
        var perPartition = new Dictionary<string, int>(StringComparer.Ordinal);
        await foreach (var row in seatsTable.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey ge {"bench_" + runId + "_"} and PartitionKey lt {"bench_" + runId + "`"}"), select: ["PartitionKey"]))
        {
            perPartition[row.PartitionKey] = perPartition.GetValueOrDefault(row.PartitionKey) + 1;
        }

        var minimumBatches = perPartition.Values.Sum(n => (n + 99) / 100);
        var seatTransactions = TableStore.Transactions.GetValueOrDefault("Seats") - seatsBefore;
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var ratio = watch.Elapsed.TotalSeconds / baseline.Elapsed.TotalSeconds;
        Console.WriteLine(string.Join(Environment.NewLine,
            $"users                    {users:N0}",
            $"run status               {run.GetProperty("status").GetString()}",
            $"contracts                {contracts.Count} ({contracts.Count(c => c.GetProperty("status").GetString() == "ok")} reconciled against Graph, the rest skipped: csv source not enabled)",
            $"seat lines               {run.GetProperty("totals").GetProperty("seats").GetInt32():N0}",
            $"graph requests           {demo.State.TotalRequests:N0}",
            $"pipeline wall time       {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            $"raw-SDK baseline         {baseline.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({baseline.Rows:N0} seat rows, {baseline.Requests} Graph requests)",
            $"ratio pipeline/baseline  {ratio.ToString("0.00", CultureInfo.InvariantCulture)}",
            $"Seats transactions       {seatTransactions:N0} (minimum {minimumBatches:N0}: sum over {perPartition.Count} partitions of ceil(rows/100); ratio {(seatTransactions / (double)Math.Max(1, minimumBatches)).ToString("0.000", CultureInfo.InvariantCulture)})",
            $"peak working set         {process.PeakWorkingSet64 / (1024 * 1024):N0} MB (whole process: host, demo tenant and baseline)"));
        return 0;
    }

    /// <summary>
    /// Same Graph reads (users with licences and sign-in activity, 120 per page) and one seat row per seat, inserted
    /// 100 per transaction into the pipeline's partition layout (per product, buckets of at most 2,000 rows), one
    /// transaction at a time.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, int Rows, int Requests)> BaselineAsync(DemoTenantServer demo, string connectionString)
    {
        demo.State.ResetCounters();
        var graph = GraphClientBuilder.Create(new GraphOptions { BaseUrl = demo.GraphBaseUrl, Authentication = GraphAuthentication.None });
        var table = new TableClient(connectionString, "BaselineSeats");
        await table.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        var skus = (await graph.SubscribedSkus.GetAsync())!.Value!.ToDictionary(s => s.SkuId!.Value, s => s.SkuPartNumber!);
        var pending = new Dictionary<string, List<TableTransactionAction>>();
        var buckets = StorageSettings.BucketsFor(demo.State.Options.Users);
        var rows = 0;
        var page = await graph.Users.GetAsync(r =>
        {
            r.QueryParameters.Select = ["id", "userPrincipalName", "mail", "displayName", "accountEnabled", "createdDateTime", "userType", "assignedLicenses", "signInActivity"];
            r.QueryParameters.Top = 999;
        });
        var iterator = Microsoft.Graph.PageIterator<User, UserCollectionResponse>.CreatePageIterator(graph, page!, async user =>
        {
            foreach (var license in user.AssignedLicenses ?? [])
            {
                // The pipeline's layout: per SKU, buckets of at most 2,000 rows sized from the account count.
                var sku = skus[license.SkuId!.Value];
                var partition = StorageSettings.BucketPartition("base_" + sku, StorageSettings.BucketOf(user.Id!, buckets));
                if (!pending.TryGetValue(partition, out var list))
                {
                    pending[partition] = list = [];
                }

                list.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, user.Id)
                {
                    ["IdentityKey"] = user.UserPrincipalName,
                    ["Status"] = user.AccountEnabled == true ? "enabled" : "disabled",
                    ["LastActivity"] = user.SignInActivity?.LastSuccessfulSignInDateTime,
                }));
                rows++;
                if (list.Count == 100)
                {
                    await table.SubmitTransactionAsync(list);
                    list.Clear();
                }
            }

            return true;
        });
        await iterator.IterateAsync();
        foreach (var list in pending.Values.Where(l => l.Count > 0))
        {
            await table.SubmitTransactionAsync(list);
        }

        await graph.ServicePrincipals.GetAsync(r => r.QueryParameters.Top = 999);
        watch.Stop();
        return (watch.Elapsed, rows, demo.State.TotalRequests);
    }
}
