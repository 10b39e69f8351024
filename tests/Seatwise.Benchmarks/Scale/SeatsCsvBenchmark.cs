using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Reconciliation;
using Seatwise.Local;
using Seatwise.Local.Azurite;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>seats-csv --lines N</c>: one contract's N seat lines of one run, written through the repository's bucketed
/// writer as a run writes them, then <c>GET /api/contracts/{id}/seats?format=csv</c> from the local host in this
/// process while a sampler records the process's working set every 20 ms. Reports rows, bytes, time and the
/// working-set growth during the download.
/// </summary>
public static class SeatsCsvBenchmark
{
    private const string Tenant = "bench";
    private const string RunId = "bench-run";
    private const string ContractId = "m365-e3";

    public static async Task<int> RunAsync(int lines)
    {
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
        settings.Settings["AzureWebJobsStorage"] = azurite.Ports.ConnectionString;
        settings.Settings["Seatwise:TenantId"] = Tenant;
        await using var host = await LocalHost.StartAsync(settings);
        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var contract = $"id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n{ContractId},Microsoft,Microsoft 365 E3,graph,SPE_E3,{lines},33.75,EUR,monthly\n";
        (await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(contract, Encoding.UTF8, "text/csv"))).EnsureSuccessStatusCode();

        var seed = Stopwatch.StartNew();
        var at = new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);
        var results = host.Services.GetRequiredService<ResultRepository>();
        await using (var writer = await results.CreateSeatWriterAsync(Tenant, RunId, ContractId, lines, CancellationToken.None))
        {
            for (var i = 0; i < lines; i++)
            {
                var status = (ActivityStatus)(i % 5);
                await writer.AddAsync(new SeatLine(ContractId, "graph", $"acc-{i:D7}", $"user{i:D7}@contoso.example", $"User {i}, \"Team {i % 97}\"", "SPE_E3",
                    status, at.AddDays(-(i % 200)), at.AddDays(-400), at.AddDays(-500), status != ActivityStatus.Disabled, status != ActivityStatus.Disabled));
            }

            await writer.FlushAsync();
        }

        var fifth = lines / 5;
        var position = new Position
        {
            ContractId = ContractId, Vendor = "Microsoft", Currency = "EUR", Entitled = lines,
            Counts = new SeatCounts(lines - (4 * fifth), fifth, fifth, fifth, fifth), Unassigned = 0, OverAssigned = 0, Reclaimable = 2 * fifth,
            RecommendedSeats = lines - (2 * fifth), AnnualUnitCost = 405m, AnnualCost = 405m * lines, AnnualWaste = 405m * 2 * fifth,
            PotentialSavings = 405m * 2 * fifth, Utilization = (lines - (2m * fifth)) / lines,
        };
        await results.SavePositionAsync(Tenant, RunId, position, ContractStatus.Ok, RunId, at, StorageSettings.BucketsFor(lines), CancellationToken.None);
        await host.Services.GetRequiredService<RunRepository>().SaveAsync(new RunRecord
        {
            RunId = RunId,
            Tenant = Tenant,
            Status = RunStatus.Completed,
            Trigger = "benchmark",
            CreatedAt = at,
            StartedAt = at,
            CompletedAt = at,
            Contracts = [new ContractOutcome { ContractId = ContractId, Status = ContractStatus.Ok, Assigned = lines }],
        }, CancellationToken.None);
        Console.WriteLine($"stored {lines:N0} seat lines in {StorageSettings.BucketsFor(lines)} partitions in {seed.Elapsed.TotalSeconds:0.0} s");

        var (rows, bytes, seconds, before, peak) = await CsvDownload.MeasureAsync(client, $"api/contracts/{ContractId}/seats?format=csv");
        Console.WriteLine(string.Join(Environment.NewLine,
            $"seat lines               {lines:N0}",
            $"csv rows                 {rows:N0} (+ header), {bytes / (1024.0 * 1024):0.0} MB",
            $"download time            {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            $"working set before       {before / (1024 * 1024):N0} MB",
            $"peak during download     {peak / (1024 * 1024):N0} MB",
            $"growth                   {(peak - before) / (1024 * 1024):N0} MB (target < 50 MB)"));
        return rows == lines ? 0 : 1;
    }
}

/// <summary>Downloads a CSV from the local host in this process while sampling the process's working set every 20 ms.</summary>
public static class CsvDownload
{
    public static async Task<(long Rows, long Bytes, double Seconds, long Before, long Peak)> MeasureAsync(HttpClient client, string path)
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var before = process.WorkingSet64;
        long peak = before;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20, CancellationToken.None);
            }
        });

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }

        watch.Stop();
        await sampling.CancelAsync();
        await sampler;
        return (lines - 1, bytes, watch.Elapsed.TotalSeconds, before, peak);
    }
}
