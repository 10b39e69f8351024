using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Benchmarks.Reconciliation;
using Seatwise.Core.Findings;
using Seatwise.Core.Reconciliation;
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

        var bench = new ReconciliationBenchmarks { Accounts = users };
        bench.Setup();
        var reconciler = new ContractReconciler(bench.Input, new ReconciliationBenchmarks.NullSink());
        var tenant = ReconciliationBenchmarks.TenantRules(bench.Input);
        foreach (var account in ReconciliationBenchmarks.Generate(users))
        {
            reconciler.Add(account);
            tenant.Add(account);
        }

        IReadOnlyList<Finding>? findings = [.. reconciler.Complete().Findings, .. tenant.Complete()];
        var ledger = FindingLedger.Merge([], findings, "bench-run", bench.Input.RunAt, _ => false);
        var seed = Stopwatch.StartNew();
        await host.Services.GetRequiredService<FindingRepository>().SaveAsync("bench", [], ledger.Entries, CancellationToken.None);
        Console.WriteLine($"stored {ledger.Entries.Count:N0} findings in {seed.Elapsed.TotalSeconds:0.0} s");
        findings = null;
        ledger = null;
        reconciler = null;

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

        using var client = new HttpClient { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(new Uri("api/findings?format=csv&status=all", UriKind.Relative), HttpCompletionOption.ResponseHeadersRead);
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
        Console.WriteLine(string.Join(Environment.NewLine,
            $"accounts                 {users:N0}",
            $"csv rows                 {lines - 1:N0} (+ header), {bytes / (1024.0 * 1024):0.0} MB",
            $"download time            {watch.Elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s",
            $"working set before       {before / (1024 * 1024):N0} MB",
            $"peak during download     {peak / (1024 * 1024):N0} MB",
            $"growth                   {(peak - before) / (1024 * 1024):N0} MB (target < 50 MB)"));
        return 0;
    }
}
