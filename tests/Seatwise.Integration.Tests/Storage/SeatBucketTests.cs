using Azure.Data.Tables;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Reconciliation;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Storage;

/// <summary>Seat lines spread over bucket partitions of at most 2,000 rows, against Azurite through the real SDK.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SeatBucketTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private static SeatLine Line(int i) => new("big", "graph", $"acc{i}", $"user{i}@contoso.com", $"User {i}", "SPE_E3",
        i % 5 == 0 ? ActivityStatus.Inactive : ActivityStatus.Active, At.AddDays(-(i % 200)), null, At.AddDays(-900), true, true);

    private static Position Position(int assigned) => PositionCalculator.Compute(
        new Contract { Id = "big", Vendor = "Microsoft", Name = "E3", Source = "graph", ProductKeys = ["SPE_E3"], Seats = assigned, UnitPrice = 30m, Currency = "EUR", BillingPeriod = BillingPeriod.Monthly },
        new SeatCounts(assigned, 0, 0, 0, 0), assigned, 0);

    private static async Task<List<T>> ListAsync<T>(IAsyncEnumerable<T> items)
    {
        var list = new List<T>();
        await foreach (var item in items)
        {
            list.Add(item);
        }

        return list;
    }

    private (ResultRepository Results, TableStore Store, string Tenant) Repository(int concurrency = 8)
    {
        var store = new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString));
        return (new ResultRepository(store, new StorageSettings { WriteConcurrency = concurrency }), store, "b" + Guid.NewGuid().ToString("N")[..12]);
    }

    [Fact]
    public async Task FourThousandFiveHundredLines_ThreeBuckets_EachUnder2000_MinimumTransactions_ReadAndPagedExactlyOnce_DeletedWithTheRun()
    {
        var (results, store, tenant) = Repository();
        const int count = 4500;

        await using (var writer = await results.CreateSeatWriterAsync(tenant, "run-1", "big", count, CancellationToken.None))
        {
            foreach (var line in Enumerable.Range(0, count).Select(Line))
            {
                await writer.AddAsync(line);
            }

            await writer.FlushAsync();
            Assert.Equal(3, writer.Buckets);
            await results.SavePositionAsync(tenant, "run-1", Position(count), ContractStatus.Ok, "run-1", At, writer.Buckets, CancellationToken.None);

            var table = await store.GetTableAsync(ResultRepository.Seats, CancellationToken.None);
            var perBucket = new List<int>();
            for (var b = 0; b < 3; b++)
            {
                var partition = StorageSettings.BucketPartition(ResultRepository.SeatPartition(tenant, "run-1", "big"), b);
                perBucket.Add((await ListAsync(table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey"]))).Count);
            }

            Assert.Equal(count, perBucket.Sum());
            Assert.All(perBucket, n => Assert.InRange(n, 1, StorageSettings.RowsPerPartition));
            // One transaction per full hundred of a bucket and one for its rest: the minimum for this layout.
            Assert.Equal(perBucket.Sum(n => (n + 99) / 100), writer.Transactions);
        }

        var streamed = (await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "big", null, CancellationToken.None))).Select(e => e.AccountId).ToList();
        var inactive = (await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "big", "inactive", CancellationToken.None))).Count;
        var paged = new List<string>();
        string? token = null;
        do
        {
            var (items, next) = await results.PageSeatsAsync(tenant, "run-1", "big", null, 700, token, CancellationToken.None);
            Assert.True(items.Count == 700 || next is null);
            paged.AddRange(items.Select(e => e.AccountId));
            token = next;
        }
        while (token is not null);

        Assert.Equal(count, streamed.Distinct().Count());
        Assert.Equal(count / 5, inactive);
        Assert.Equal(streamed, paged);
        Assert.Equal(count + 1, await results.DeleteRunAsync(tenant, "run-1", ["big"], CancellationToken.None));
        Assert.Empty(await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "big", null, CancellationToken.None)));
    }

    [Fact]
    public async Task OneWriterAtATime_WritesTheSameRows_AsEightAtOnce()
    {
        var (sequential, _, tenant) = Repository(concurrency: 1);
        var (concurrent, _, _) = Repository(concurrency: 8);

        foreach (var (results, run) in new[] { (sequential, "run-seq"), (concurrent, "run-par") })
        {
            await using var writer = await results.CreateSeatWriterAsync(tenant, run, "big", 2500, CancellationToken.None);
            foreach (var line in Enumerable.Range(0, 2500).Select(Line))
            {
                await writer.AddAsync(line);
            }

            await writer.FlushAsync();
            await results.SavePositionAsync(tenant, run, Position(2500), ContractStatus.Ok, run, At, writer.Buckets, CancellationToken.None);
        }

        var a = (await ListAsync(sequential.ReadSeatsAsync(tenant, "run-seq", "big", null, CancellationToken.None))).Select(e => e.RowKey).ToList();
        var b = (await ListAsync(concurrent.ReadSeatsAsync(tenant, "run-par", "big", null, CancellationToken.None))).Select(e => e.RowKey).ToList();
        Assert.Equal(2500, a.Count);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task ARunWrittenBeforeBuckets_OnePartitionAndNoSeatBuckets_StaysReadable_AndIsDeletedByRetention()
    {
        var (results, store, tenant) = Repository();
        var seats = await store.GetTableAsync(ResultRepository.Seats, CancellationToken.None);
        var positions = await store.GetTableAsync(ResultRepository.Positions, CancellationToken.None);
        // The layout of earlier versions: one partition {tenant}_{runId}_{contractId}, a position row without SeatBuckets.
        var legacy = ResultRepository.SeatPartition(tenant, "run-old", "big");
        await TableStore.InsertOrReplaceAsync(seats, Enumerable.Range(0, 150).Select(i => (ITableEntity)new TableEntity(legacy, ResultRepository.SeatRowKey(Line(i)))
        {
            ["Source"] = "graph", ["AccountId"] = $"acc{i}", ["IdentityKey"] = $"user{i}@contoso.com", ["ProductKey"] = "SPE_E3", ["Status"] = "active", ["Enabled"] = true,
        }), CancellationToken.None);
        await positions.UpsertEntityAsync(new TableEntity(ResultRepository.RunPartition(tenant, "run-old"), "big") { ["Status"] = "ok", ["Json"] = "{}" });

        var (first, next) = await results.PageSeatsAsync(tenant, "run-old", "big", null, 100, null, CancellationToken.None);
        var (second, end) = await results.PageSeatsAsync(tenant, "run-old", "big", null, 100, next, CancellationToken.None);

        Assert.Equal(150, (await ListAsync(results.ReadSeatsAsync(tenant, "run-old", "big", null, CancellationToken.None))).Count);
        Assert.Equal(100, first.Count);
        Assert.Equal(50, second.Count);
        Assert.Null(end);
        Assert.Equal(151, await results.DeleteRunAsync(tenant, "run-old", ["big"], CancellationToken.None));
    }

    private static Finding RawFinding(string tenant, int i) => new()
    {
        Id = Finding.ComputeId(tenant, FindingTypes.InactiveSeat, "big", $"user{i}@contoso.com|SPE_E3"),
        Type = FindingTypes.InactiveSeat,
        ContractId = "big",
        SubjectKey = $"user{i}@contoso.com|SPE_E3",
        Subject = $"User {i}",
        AnnualCost = 360m,
        Currency = "EUR",
        Sources = ["graph"],
        Step = RunSteps.Contract,
        Evidence = new Dictionary<string, string>(),
    };

    [Fact]
    public async Task RawFindings_SpreadPerWriterOverBuckets_ReadOnceEach_WithARunWrittenBeforeBuckets_AndDeletedByRetention()
    {
        var (results, store, tenant) = Repository();
        var contract = Enumerable.Range(0, 4500).Select(i => RawFinding(tenant, i)).ToList();
        var tenantWide = Enumerable.Range(4500, 10).Select(i => RawFinding(tenant, i)).ToList();

        await results.SaveRunFindingsAsync(tenant, "run-1", "contract~big", contract, CancellationToken.None);
        await results.SaveRunFindingsAsync(tenant, "run-1", RunSteps.Tenant, tenantWide, CancellationToken.None);
        await results.SaveRunFindingsAsync(tenant, "run-1", RunSteps.Apps, [], CancellationToken.None);
        var read = await ListAsync(results.ReadRunFindingsAsync(tenant, "run-1", CancellationToken.None));

        var table = await store.GetTableAsync(ResultRepository.RunFindings, CancellationToken.None);
        var partitions = (await ListAsync(table.QueryAsync<TableEntity>(select: ["PartitionKey"]))).Where(e => e.PartitionKey.StartsWith(tenant, StringComparison.Ordinal)).GroupBy(e => e.PartitionKey).ToList();
        Assert.Equal(4510, read.Select(f => f.Id).Distinct().Count());
        Assert.Equal(4510, read.Count);
        // Three buckets for the contract, one for the tenant step, and the run's partition holding the two writer rows.
        Assert.Equal(5, partitions.Count);
        Assert.All(partitions, p => Assert.InRange(p.Count(), 1, StorageSettings.RowsPerPartition));

        // A run from before buckets kept its raw findings in {tenant}_{runId}: still read.
        await TableStore.InsertOrReplaceAsync(table, contract.Take(120).Select(f => (ITableEntity)new TableEntity(ResultRepository.RunPartition(tenant, "run-old"), f.Id)
        {
            ["ContractId"] = f.ContractId, ["Json"] = System.Text.Json.JsonSerializer.Serialize(f, ResultRepository.Json),
        }), CancellationToken.None);
        Assert.Equal(120, (await ListAsync(results.ReadRunFindingsAsync(tenant, "run-old", CancellationToken.None))).Count);

        Assert.Equal(4510 + 2, await results.DeleteRunAsync(tenant, "run-1", [], CancellationToken.None));
        Assert.Empty(await ListAsync(results.ReadRunFindingsAsync(tenant, "run-1", CancellationToken.None)));
    }

    /// <summary>Counts the table transactions (batch requests) in flight at once and the most seen.</summary>
    private sealed class InFlightBatches : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _now;

        public int Most { get; private set; }

        public int Seen { get; private set; }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (!message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal))
            {
                await ProcessNextAsync(message, pipeline);
                return;
            }

            var now = Interlocked.Increment(ref _now);
            lock (this)
            {
                Most = Math.Max(Most, now);
                Seen++;
            }

            try
            {
                // Long enough that every writer has its next transaction ready while this one is out.
                await Task.Delay(20);
                await ProcessNextAsync(message, pipeline);
            }
            finally
            {
                Interlocked.Decrement(ref _now);
            }
        }
    }

    [Fact]
    public async Task WritersOfOneInstance_ShareItsTransactionsInFlight()
    {
        // Four contract steps' seat writers and a raw-findings save at once, with room for three transactions: each
        // writer alone would take three (each has buckets ready to send), so 15 would be out without the shared bound.
        var counter = new InFlightBatches();
        var store = new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(counter)]));
        using var results = new ResultRepository(store, new StorageSettings { WriteConcurrency = 3 });
        var tenant = "s" + Guid.NewGuid().ToString("N")[..12];

        async Task WriteAsync(string contract)
        {
            await using var writer = await results.CreateSeatWriterAsync(tenant, "run-1", contract, 6000, CancellationToken.None);
            foreach (var line in Enumerable.Range(0, 1500).Select(i => Line(i) with { ContractId = contract }))
            {
                await writer.AddAsync(line);
            }

            await writer.FlushAsync();
            await results.SavePositionAsync(tenant, "run-1", Position(1500) with { ContractId = contract }, ContractStatus.Ok, "run-1", At, writer.Buckets, CancellationToken.None);
        }

        await Task.WhenAll([
            .. Enumerable.Range(0, 4).Select(c => Task.Run(() => WriteAsync($"c{c}"))),
            Task.Run(() => results.SaveRunFindingsAsync(tenant, "run-1", "contract~c0", [.. Enumerable.Range(0, 4500).Select(i => RawFinding(tenant, i))], CancellationToken.None))]);

        Assert.Equal(3, counter.Most);
        // Every row arrived: 4 x 1,500 seat lines and 4,500 findings.
        Assert.Equal(6000, (await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "c0", null, CancellationToken.None))).Count
            + (await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "c1", null, CancellationToken.None))).Count
            + (await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "c2", null, CancellationToken.None))).Count
            + (await ListAsync(results.ReadSeatsAsync(tenant, "run-1", "c3", null, CancellationToken.None))).Count);
        Assert.Equal(4500, (await ListAsync(results.ReadRunFindingsAsync(tenant, "run-1", CancellationToken.None))).Count);
    }
}
