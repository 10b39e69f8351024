using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Inventory;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Azurite;
using Seatwise.Sources;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Runs;

[Collection(AzuriteCollection.Name)]
public sealed class RunRecoveryTests(AzuriteFixture azurite)
{
    private const string CsvContract =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "adobe,Adobe,Creative Cloud,csv,cc-all-apps,12,89.99,EUR,monthly\n";

    /// <summary>
    /// A source that dies half-way through its first collection with an unexpected error (not a clean
    /// SourceFailedException), then works: the activity is retried by the orchestration's retry policy.
    /// </summary>
    private sealed class FlakyCsvSource : IInventorySource
    {
        public int Calls;

        public string Name => "csv";

        public async Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken)
        {
            var call = Interlocked.Increment(ref Calls);
            for (var i = 0; i < 10; i++)
            {
                if (call == 1 && i == 5)
                {
                    throw new IOException("connection reset by peer (injected)");
                }

                var account = new Account { Source = "csv", AccountId = $"u{i}", IdentityKey = $"u{i}@contoso.example", LastActiveAt = DateTimeOffset.UtcNow.AddDays(-i) };
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, [new SeatAssignment("cc-all-apps")]), cancellationToken);
            }

            return new SourceResult { Source = "csv", Accounts = 10, Seats = 10 };
        }
    }

    [Fact]
    public async Task ActivityThrowingOnce_IsRetried_AndTheRunHasNoDuplicateRows()
    {
        var flaky = new FlakyCsvSource();
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = 20 });
        string tenant = string.Empty;
        await using var host = await TestHosts.StartAsync(azurite, s =>
        {
            s.Settings["Graph:BaseUrl"] = demo.GraphBaseUrl;
            s.Settings["Graph:Authentication"] = "None";
            s.Settings["Sources:csv:Enabled"] = "true";
            s.ConfigureServices = services => services.AddSingleton<IInventorySource>(flaky);
            tenant = s.Settings["Seatwise:TenantId"]!;
        });
        using var client = TestHosts.Client(host);
        await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(CsvContract, Encoding.UTF8, "text/csv"));

        var run = await TestRuns.StartAndWaitAsync(client);
        var results = host.Services.GetRequiredService<ResultRepository>();
        var position = (await results.ListPositionsAsync(tenant, run.RunId, CancellationToken.None)).Single(p => p.Position.ContractId == "adobe");
        var lines = 0;
        await foreach (var _ in results.ReadSeatsAsync(tenant, run.RunId, "adobe", null, CancellationToken.None))
        {
            lines++;
        }

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal(2, flaky.Calls);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "csv").Status);
        Assert.Equal(10, position.Position.Assigned);
        Assert.Equal(10, lines);
    }

    [Fact]
    public async Task LocalHostKilledMidRun_ResumesFromDurableHistory_WithoutDuplicates()
    {
        await using var demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = 1200, Seed = 11 });
        demo.State.Faults.DelayMilliseconds = 400;   // ten user pages: the run takes several seconds
        var tenant = "k" + Guid.NewGuid().ToString("N")[..10];
        var hub = TestHosts.UniqueHub();
        var port = AzuritePorts.Free().Blob;
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(30) };

        var first = StartHostProcess(port, tenant, hub, demo.GraphBaseUrl);
        string runId;
        try
        {
            await WaitHealthyAsync(client);
            using var imported = await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(
                "id,vendor,name,source,productKeys,unitPrice,currency,billingPeriod\nm365-e3,Microsoft,E3,graph,SPE_E3,33.75,EUR,monthly\nm365-e5,Microsoft,E5,graph,SPE_E5,54.75,EUR,monthly\n",
                Encoding.UTF8, "text/csv"));
            Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
            using var started = await client.PostAsync(new Uri("api/runs", UriKind.Relative), null);
            runId = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (demo.State.Requests("users") < 3 && DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
        finally
        {
            first.Process.Kill(entireProcessTree: true);   // SIGKILL: no graceful shutdown
            await first.Process.WaitForExitAsync();
        }

        var killedAt = demo.State.Requests("users");
        demo.State.Faults.DelayMilliseconds = 0;
        var second = StartHostProcess(port, tenant, hub, demo.GraphBaseUrl);
        try
        {
            await WaitHealthyAsync(client);
            var run = await TestRuns.WaitAsync(client, runId);
            var storage = StorageAccount.FromConnectionString(azurite.ConnectionString);
            var results = new ResultRepository(new TableStore(storage));
            var positions = await results.ListPositionsAsync(tenant, runId, CancellationToken.None);
            var e3 = positions.Single(p => p.Position.ContractId == "m365-e3").Position;
            var lines = 0;
            await foreach (var _ in results.ReadSeatsAsync(tenant, runId, "m365-e3", null, CancellationToken.None))
            {
                lines++;
            }

            Assert.True(killedAt < 10, $"the host was killed after the run ({killedAt} user pages)");
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Equal(2, positions.Count);
            Assert.Equal(e3.Assigned, lines);
            Assert.Equal(demo.State.ConsumedUnits["SPE_E3"], e3.Assigned);
        }
        finally
        {
            second.Process.Kill(entireProcessTree: true);
            await second.Process.WaitForExitAsync();
        }
    }

    private HostProcess StartHostProcess(int port, string tenant, string hub, string graphBaseUrl) => HostProcess.Start(port, new Dictionary<string, string>
    {
        ["AzureWebJobsStorage"] = azurite.ConnectionString,
        ["Seatwise__TenantId"] = tenant,
        ["AzureFunctionsJobHost__extensions__durableTask__hubName"] = hub,
        ["Graph__BaseUrl"] = graphBaseUrl,
        ["Graph__Authentication"] = "None",
    });

    private static Task WaitHealthyAsync(HttpClient client) => HostProcess.WaitHealthyAsync(client);
}
