using System.Diagnostics;
using System.Globalization;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Azurite;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>Stopping the local host when its storage is gone: it exits promptly and says what it abandoned.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ShutdownTests
{
    [Fact]
    public async Task Sigterm_WithStorageGone_HostExitsWithin10Seconds_AndSaysWhatItAbandoned()
    {
        // Its own Azurite, so the test can take storage away without touching the shared one.
        var ports = AzuritePorts.Free();
        var storage = await AzuriteLauncher.StartAsync(ports, location: null, progress: null, CancellationToken.None);
        var port = AzuritePorts.Free().Blob;
        using var host = HostProcess.Start(port, new Dictionary<string, string>
        {
            ["AzureWebJobsStorage"] = ports.ConnectionString,
            ["Seatwise__TenantId"] = "shutdown",
            ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = TestHosts.UniqueHub(),
        });
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        await HostProcess.WaitHealthyAsync(client);
        await host.WaitForOutputAsync("Durable Task worker started", TimeSpan.FromSeconds(60));

        await storage.DisposeAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", host.Process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.Process.WaitForExitAsync(patience.Token);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"exited after {watch.Elapsed.TotalSeconds:0.0} s:{Environment.NewLine}{string.Join(Environment.NewLine, host.Output.TakeLast(20))}");
        Assert.Contains(host.Output, l => l.Contains("abandoned", StringComparison.Ordinal));
    }
}
