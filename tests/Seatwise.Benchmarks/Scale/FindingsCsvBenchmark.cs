using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Benchmarks.Reconciliation;
using Seatwise.Local;
using Seatwise.Local.Azurite;
using Seatwise.Storage.Runs;

namespace Seatwise.Benchmarks.Scale;

/// <summary>
/// <c>findings-csv --users N</c>: the findings ledger of an N-account tenant (the reconciliation benchmark's
/// generated tenant, reconciled for real and stored through the repository), then
/// <c>GET /api/findings?format=csv&amp;status=all</c> from the local host in this process while a sampler records the
/// process's working set every 20 ms. Reports rows, bytes, time and the working-set growth during the download.
/// </summary>
public static class FindingsCsvBenchmark
{
    public static async Task<int> RunAsync(int users)
    {
        Environment.SetEnvironmentVariable("NODE_OPTIONS", "--max-old-space-size=8192");
        await using var azurite = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Console.WriteLine, CancellationToken.None);
        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
        settings.Settings["AzureWebJobsStorage"] = azurite.Ports.ConnectionString;
        settings.Settings["Seatwise:TenantId"] = "bench";
        await using var host = await LocalHost.StartAsync(settings);

        var (_, ledger, _) = ReconciliationBenchmarks.Reconciled(users, "bench-run");
        var seed = Stopwatch.StartNew();
        await host.Services.GetRequiredService<FindingRepository>().SaveAsync("bench", [], ledger.Entries, CancellationToken.None);
        Console.WriteLine($"stored {ledger.Entries.Count:N0} findings in {seed.Elapsed.TotalSeconds:0.0} s");

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var (rows, bytes, seconds, before, peak) = await CsvDownload.MeasureAsync(client, "api/findings?format=csv&status=all");
        Console.WriteLine(string.Join(Environment.NewLine,
            $"accounts                 {users:N0}",
            $"csv rows                 {rows:N0} (+ header), {bytes / (1024.0 * 1024):0.0} MB",
            $"download time            {seconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            $"working set before       {before / (1024 * 1024):N0} MB",
            $"peak during download     {peak / (1024 * 1024):N0} MB",
            $"growth                   {(peak - before) / (1024 * 1024):N0} MB (target < 50 MB)"));
        return 0;
    }
}
