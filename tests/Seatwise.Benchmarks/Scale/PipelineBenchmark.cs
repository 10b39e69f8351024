using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using User = Microsoft.Graph.Models.User;
using UserCollectionResponse = Microsoft.Graph.Models.UserCollectionResponse;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant.Generation;
using Seatwise.Local;
using Seatwise.Local.Azurite;
using Seatwise.Local.Demo;
using Seatwise.Sources;
using Seatwise.Sources.Atlassian;
using Seatwise.Sources.GitHub;
using Seatwise.Sources.Graph;
using Seatwise.Sources.Salesforce;
using Seatwise.Sources.Slack;
using Seatwise.Sources.Zoom;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.SeatExports;
using Seatwise.Storage.Snapshots;
using Seatwise.Storage.Tables;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>pipeline --users N</c>: a full run (sync of Graph and every vendor source, reconcile of 20 contracts, the ledger
/// merge) through the local host in this process against an N-user demo tenant running in its own process, and
/// Azurite; side by side with a baseline that makes the same reads and writes the same seat rows with the raw SDKs
/// and no orchestration. Reports wall times and their ratio, Table transactions against the minimum for the layout
/// (Seats, RunFindings and the Findings ledger), both up to the run's completion, and this process's peak working set
/// until the orchestration's last step (the alerts) has recorded its outcome (the host: the demo tenant is another
/// process and the baseline runs after the run).
/// </summary>
public static class PipelineBenchmark
{
    /// <summary>
    /// Contracts beyond the 14 samples, for 20 in all: a free Graph SKU and plans of a seat export with no rows (the
    /// register's first nine columns; the others are left empty).
    /// </summary>
    private static readonly string[] Padding =
    [
        "flow-free,Microsoft,Power Automate Free,graph,FLOW_FREE,,0,EUR,monthly",
        "plan-16,Vendor16,Plan 16,csv,plan-16,100,21.00,EUR,annual",
        "plan-17,Vendor17,Plan 17,csv,plan-17,100,22.00,EUR,annual",
        "plan-18,Vendor18,Plan 18,csv,plan-18,100,23.00,EUR,annual",
        "plan-19,Vendor19,Plan 19,csv,plan-19,100,24.00,EUR,annual",
        "plan-20,Vendor20,Plan 20,csv,plan-20,100,25.00,EUR,annual",
    ];

    private static readonly string[] Tables = ["Seats", "RunFindings", "Findings"];

    /// <summary>The register's column count, from the samples' header, so the padding rows follow new columns.</summary>
    private static int Columns(string csv) => csv[..csv.IndexOf('\n', StringComparison.Ordinal)].Split(',').Length;

    /// <summary>
    /// Where the working set goes: the GC heap committed (live, fragmented and gen0 budget), the live managed bytes,
    /// and the private bytes beside it (native allocations, thread stacks, JIT code), so a peak can be put on its part.
    /// </summary>
    private static string Breakdown(Process process)
    {
        var gc = GC.GetGCMemoryInfo();
        const int MB = 1024 * 1024;
        var rollup = File.Exists("/proc/self/smaps_rollup") ? File.ReadAllLines("/proc/self/smaps_rollup") : [];
        long Kb(string name) => rollup.Where(l => l.StartsWith(name + ":", StringComparison.Ordinal)).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture)).FirstOrDefault();
        var fragmented = string.Join("/", Enumerable.Range(0, 5).Select(g => gc.GenerationInfo[g].FragmentationAfterBytes / MB));
        return $"{process.WorkingSet64 / MB} MB (managed {GC.GetTotalMemory(false) / MB}, heap {gc.HeapSizeBytes / MB}, fragmented {gc.FragmentedBytes / MB} by gen {fragmented}, committed {gc.TotalCommittedBytes / MB}, loh {gc.GenerationInfo[3].SizeAfterBytes / MB}, private {process.PrivateMemorySize64 / MB}, anon {Kb("Anonymous") / 1024}, file {Kb("Pss_File") / 1024}, threads {process.Threads.Count})";
    }

    /// <summary>Resident KB by mapping (file name, or the kind of anonymous memory), largest first: native growth's owner.</summary>
    private static string Mappings()
    {
        if (!File.Exists("/proc/self/smaps"))
        {
            return "";
        }

        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        var name = "";
        foreach (var line in File.ReadLines("/proc/self/smaps"))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 5 && parts[0].Contains('-', StringComparison.Ordinal) && !parts[0].EndsWith(':'))
            {
                name = parts.Length >= 6 ? Path.GetFileName(parts[5]) : "[anon]";
            }
            else if (parts.Length >= 2 && parts[0] == "Rss:")
            {
                totals[name] = totals.GetValueOrDefault(name) + long.Parse(parts[1], CultureInfo.InvariantCulture);
            }
        }

        return string.Join(", ", totals.OrderByDescending(t => t.Value).Take(14).Select(t => $"{t.Key} {t.Value / 1024} MB"));
    }

    /// <param name="users">The demo tenant's size.</param>
    /// <param name="baseline">False for a memory-only run (working set and transactions, no ratio): half the time.</param>
    public static async Task<int> RunAsync(int users, bool baseline = true)
    {
        // In-memory Azurite holds every entity and blob of the run in Node's heap; the default limit is too small
        // for a 100,000-user tenant (Azurite died there), so the child node process gets 8 GB.
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        await using var demo = await DemoProcess.StartAsync(users, 42);
        Console.WriteLine($"demo tenant: {users:N0} users in process {demo.ProcessId}");


        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
        settings.Settings["AzureWebJobsStorage"] = azurite.Ports.ConnectionString;
        settings.Settings["Graph:Authentication"] = "None";
        settings.Settings["Seatwise:TenantId"] = "bench";
        foreach (var source in SourceNames.Vendors)
        {
            settings.Settings[$"Sources:{source}:Enabled"] = "true";
        }

        foreach (var (key, value) in demo.Settings)
        {
            settings.Settings[key] = value;
        }

        await using var host = await LocalHost.StartAsync(settings);
        await host.DurableReady;
        await host.Services.GetRequiredService<SeatExportFiles>().UploadAsync("bench", DemoSeatExport.Path, demo.SeatExport, CancellationToken.None);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        var samples = await File.ReadAllTextAsync(Path.Combine(DemoProcess.RepoRoot, "docs", "samples", "contracts.csv"));
        var empty = new string(',', Columns(samples) - 9);
        var csv = DemoMode.RollForward(samples, DateOnly.FromDateTime(DateTime.UtcNow)).TrimEnd() + "\n" + string.Join("\n", Padding.Select(p => p + empty)) + "\n";
        (await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();
        var before = Tables.ToDictionary(t => t, t => TableStore.Transactions.GetValueOrDefault(t));
        var rowsBefore = TableStore.RowsWritten;

        using var process = Process.GetCurrentProcess();
        long peak = 0;
        var atPeak = "";
        var peakMaps = "";
        long mapsAt = 0;
        using var sampling = new CancellationTokenSource();
        var timeline = new List<string>();
        var sampler = Task.Run(async () =>
        {
            var since = Stopwatch.StartNew();
            var next = TimeSpan.Zero;
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                if (process.WorkingSet64 > peak)
                {
                    peak = process.WorkingSet64;
                    atPeak = Breakdown(process);
                    if (peak > mapsAt + 4 * 1024 * 1024)
                    {
                        mapsAt = peak;
                        peakMaps = Mappings();
                    }
                }

                if (since.Elapsed >= next)
                {
                    // Where in the run the memory goes: compared with the run's log lines by time.
                    timeline.Add($"{DateTime.UtcNow:HH:mm:ss} {Breakdown(process)}");
                    next += TimeSpan.FromSeconds(5);
                }

                await Task.Delay(50, CancellationToken.None);
            }
        });

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
        // The minimum for the layout: a transaction per full hundred rows (actions) of each partition the run wrote
        // and one for its rest (docs/pipeline.md: seat lines and raw findings in buckets of at most 2,000 rows, the
        // ledger in its 16 buckets, the summary's aggregates in one partition), from the rows the writers sent.
        var written = TableStore.RowsWritten
            .Select(r => (r.Key.Table, r.Key.Partition, Rows: r.Value - rowsBefore.GetValueOrDefault(r.Key)))
            .Where(r => r.Rows > 0)
            .ToList();
        var minimum = Tables.ToDictionary(t => t, t => written.Where(r => r.Table == t).Sum(r => (r.Rows + 99) / 100), StringComparer.Ordinal);
        var partitions = Tables.ToDictionary(t => t, t => written.Count(r => r.Table == t), StringComparer.Ordinal);
        var counted = Tables.ToDictionary(t => t, t => TableStore.Transactions.GetValueOrDefault(t) - before[t], StringComparer.Ordinal);

        // The run's record is complete; its orchestration still sends the alerts (a pass over the whole ledger), and
        // the host's memory counts until that last step has recorded its outcome.
        var alertsBy = Stopwatch.StartNew();
        while (run.GetProperty("status").GetString() != "failed" &&
               (!run.TryGetProperty("alerts", out var alerts) || alerts.ValueKind == JsonValueKind.Null) && alertsBy.Elapsed < TimeSpan.FromMinutes(10))
        {
            await Task.Delay(200);
            run = await client.GetFromJsonAsync<JsonElement>(new Uri($"api/runs/{runId}", UriKind.Relative));
        }

        Console.WriteLine($"alerts step ended {alertsBy.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s after the run completed: " +
            (run.TryGetProperty("alerts", out var outcome) ? outcome.ToString() : "no outcome recorded"));
        await sampling.CancelAsync();
        await sampler;

        var findings = run.GetProperty("totals").GetProperty("findingsOpen").GetInt32();

        Console.WriteLine("working set during the run, every 5 s: " + string.Join("; ", timeline));
        Console.WriteLine("at the peak: " + atPeak);
        Console.WriteLine("resident by mapping near the peak: " + peakMaps);
        if (!baseline)
        {
            Console.WriteLine($"run status {run.GetProperty("status").GetString()}, {findings:N0} findings open, wall time {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s (no baseline)");
            Console.WriteLine($"peak working set {peak / (1024 * 1024)} MB");
            return 0;
        }

        // The baseline after the run, so this process's memory during the run was the host's alone.
        var measured = await BaselineAsync(demo, azurite.Ports.ConnectionString, users, findings);
        var contracts = run.GetProperty("contracts").EnumerateArray().ToList();
        var sources = run.GetProperty("sources").EnumerateArray().ToList();
        var ratio = watch.Elapsed.TotalSeconds / measured.Elapsed.TotalSeconds;
        var transactions = counted.Values.Sum() / (double)Math.Max(1, minimum.Values.Sum());
        Console.WriteLine(string.Join(Environment.NewLine, (string[])[
            $"users                    {users:N0}",
            $"run status               {run.GetProperty("status").GetString()}",
            $"sources                  {string.Join(", ", sources.Select(x => $"{x.GetProperty("source").GetString()} {x.GetProperty("status").GetString()} ({x.GetProperty("seats").GetInt32():N0} seats)"))}",
            $"contracts                {contracts.Count} ({contracts.Count(c => c.GetProperty("status").GetString() == "ok")} reconciled)",
            $"seat lines               {run.GetProperty("totals").GetProperty("seats").GetInt32():N0}",
            $"ledger entries           {run.GetProperty("totals").GetProperty("findingsOpen").GetInt32():N0} open",
            $"pipeline wall time       {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            $"raw-SDK baseline         {measured.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s ({measured.Rows:N0} seat rows, {2 * findings:N0} finding rows)",
            .. Tables.Select(t => $"{t,-24} {counted[t]:N0} transactions (minimum {minimum[t]:N0} over {partitions[t]:N0} partitions)"),
            $"ratio pipeline/baseline {ratio.ToString("0.00", CultureInfo.InvariantCulture)}",
            $"table transactions / minimum {transactions.ToString("0.000", CultureInfo.InvariantCulture)}",
            $"peak working set {peak / (1024 * 1024)} MB"]));
        return 0;
    }

    /// <summary>
    /// Same reads and rows, minus orchestration: Graph's users with licences and sign-in activity (the raw Graph SDK)
    /// and every vendor source collected into snapshots as the pipeline's sync step does; one seat row per seat of
    /// every source inserted 100 per transaction into the pipeline's partition layout (per product, buckets of at
    /// most 2,000 rows), one transaction at a time; and the run's findings written twice (raw, then ledger). It does
    /// not read the snapshots back, reconcile, or write positions and apps.
    /// </summary>
    private static async Task<(TimeSpan Elapsed, int Rows)> BaselineAsync(DemoProcess demo, string connectionString, int users, int findings)
    {
        var graph = GraphClientBuilder.Create(new GraphOptions { BaseUrl = demo.Settings["Graph:BaseUrl"], Authentication = GraphAuthentication.None });
        var table = new TableClient(connectionString, "BaselineSeats");
        await table.CreateIfNotExistsAsync();
        var watch = Stopwatch.StartNew();
        var skus = (await graph.SubscribedSkus.GetAsync())!.Value!.ToDictionary(s => s.SkuId!.Value, s => s.SkuPartNumber!);
        var pending = new Dictionary<string, List<TableTransactionAction>>();
        var buckets = StorageSettings.BucketsFor(users);
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

        var settings = demo.Settings;
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var snapshots = new SnapshotStore(StorageAccount.FromConnectionString(connectionString));
        IInventorySource[] vendors =
        [
            new ZoomSource(http, new ZoomOptions { BaseUrl = settings["Sources:zoom:BaseUrl"], Token = settings["Sources:zoom:Token"] }, IdentityKeys.Default),
            new GitHubSource(http, new GitHubOptions { BaseUrl = settings["Sources:github:BaseUrl"], Token = settings["Sources:github:Token"], Organization = settings["Sources:github:Organization"], Enterprise = settings["Sources:github:Enterprise"] }, IdentityKeys.Default),
            new SlackSource(http, new SlackOptions { BaseUrl = settings["Sources:slack:BaseUrl"], Token = settings["Sources:slack:Token"] }, IdentityKeys.Default),
            new AtlassianSource(http, new AtlassianOptions { BaseUrl = settings["Sources:atlassian:BaseUrl"], Token = settings["Sources:atlassian:Token"], OrganizationId = settings["Sources:atlassian:OrganizationId"] }, IdentityKeys.Default),
            new SalesforceSource(http, new SalesforceOptions { BaseUrl = settings["Sources:salesforce:BaseUrl"], Token = settings["Sources:salesforce:Token"] }, IdentityKeys.Default),
        ];
        foreach (var source in vendors)
        {
            await using var writer = await snapshots.CreateWriterAsync("baseline", "run1", source.Name, CancellationToken.None);
            var seats = new SeatRowWriter(writer, table, buckets);
            await source.CollectAsync(seats, CancellationToken.None);
            await seats.FlushAsync();
            rows += seats.Rows;
            await writer.CommitAsync(DateTimeOffset.UtcNow, CancellationToken.None);
        }

        // The run's findings, written twice as the pipeline does (raw, then the ledger): rows of a ledger entry's
        // size, 100 per transaction, in 16 partitions.
        var payload = new string('x', 700);
        for (var copy = 0; copy < 2; copy++)
        {
            foreach (var partition in Enumerable.Range(0, findings).GroupBy(i => i % 16))
            {
                foreach (var chunk in partition.Chunk(100))
                {
                    await table.SubmitTransactionAsync(chunk.Select(i => new TableTransactionAction(TableTransactionActionType.Add,
                        new TableEntity($"findings{copy}_{partition.Key:x3}", i.ToString("D8", CultureInfo.InvariantCulture)) { ["Json"] = payload })));
                }
            }
        }

        watch.Stop();
        return (watch.Elapsed, rows);
    }
}

/// <summary>
/// A vendor's snapshot as it is collected, plus one seat row per seat written as the pipeline writes seat lines:
/// per source and product, in bucket partitions, 100 per transaction.
/// </summary>
internal sealed class SeatRowWriter(ISnapshotWriter inner, TableClient table, int buckets) : ISnapshotWriter
{
    private readonly Dictionary<string, List<TableTransactionAction>> _pending = new(StringComparer.Ordinal);

    public int Rows { get; private set; }

    public async Task WriteAsync<T>(string part, T record, CancellationToken cancellationToken)
    {
        await inner.WriteAsync(part, record, cancellationToken);
        if (record is not AccountSeats held)
        {
            return;
        }

        foreach (var seat in held.Seats)
        {
            var partition = StorageSettings.BucketPartition($"base_{held.Account.Source}_{seat.ProductKey}", StorageSettings.BucketOf(held.Account.AccountId, buckets));
            if (!_pending.TryGetValue(partition, out var list))
            {
                _pending[partition] = list = [];
            }

            list.Add(new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, held.Account.AccountId)
            {
                ["IdentityKey"] = held.Account.IdentityKey,
                ["Status"] = held.Account.Enabled ? "enabled" : "disabled",
                ["LastActivity"] = held.Account.LastActivity,
            }));
            Rows++;
            if (list.Count == 100)
            {
                await table.SubmitTransactionAsync(list, cancellationToken);
                list.Clear();
            }
        }
    }

    public void SetProperty(string name, string value) => inner.SetProperty(name, value);

    public async Task FlushAsync()
    {
        foreach (var list in _pending.Values.Where(l => l.Count > 0))
        {
            await table.SubmitTransactionAsync(list);
        }
    }
}

/// <summary>The demo tenant in its own process (the standalone program), so this process's memory is the host's.</summary>
public sealed class DemoProcess : IAsyncDisposable
{
    private readonly Process _process;

    private DemoProcess(Process process, IReadOnlyDictionary<string, string> settings, string seatExport)
    {
        _process = process;
        Settings = settings;
        SeatExport = seatExport;
    }

    /// <summary>The host settings that point Seatwise at the tenant (Graph and every vendor).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    /// <summary>The demo's Adobe seat export, read by the csv source.</summary>
    public string SeatExport { get; }

    public int ProcessId => _process.Id;

    /// <summary>The repository root (the folder holding Serverless.sln), found upwards from this program.</summary>
    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Serverless.sln")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException("Run the benchmarks from the repository (Serverless.sln not found above " + AppContext.BaseDirectory + ").");
        }
    }

    public static async Task<DemoProcess> StartAsync(int users, int seed)
    {
        var dll = Path.Combine(RepoRoot, "functions", "Seatwise.DemoTenant", "bin", "Release", "net10.0", "Seatwise.DemoTenant.dll");
        if (!File.Exists(dll))
        {
            throw new InvalidOperationException($"{dll} is missing: build the solution in Release first (dotnet build Serverless.sln -c Release).");
        }

        var export = Path.Combine(Path.GetTempPath(), $"seatwise-bench-{Guid.NewGuid():N}.csv");
        var port = AzuritePorts.Free().Blob;
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, "--port", port.ToString(CultureInfo.InvariantCulture), "--users", users.ToString(CultureInfo.InvariantCulture), "--seed", seed.ToString(CultureInfo.InvariantCulture), "--print-settings", "--seat-export", export })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the demo tenant did not start");
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("setting ", StringComparison.Ordinal) && line.IndexOf('=', StringComparison.Ordinal) is > 0 and var eq)
            {
                settings[line[8..eq]] = line[(eq + 1)..];
            }
            else if (line.StartsWith("Demo tenant (", StringComparison.Ordinal))
            {
                var csv = await File.ReadAllTextAsync(export);
                File.Delete(export);
                return new DemoProcess(process, settings, csv);
            }
        }

        throw new InvalidOperationException($"the demo tenant exited with code {(process.HasExited ? process.ExitCode : -1)} before it was ready");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
