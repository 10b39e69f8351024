using System.Globalization;
using Seatwise.Core.Findings;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Runs;

/// <summary>
/// The run's merge a bucket at a time (<see cref="FindingRepository.MergeAsync"/>) leaves the same ledger, totals and
/// summary aggregates as the domain's merge of the whole ledger at once: buckets are independent because a finding's
/// bucket follows from its id.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerMergeTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Before = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset RunAt = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private static Finding Finding(string tenant, int i, decimal cost) => new()
    {
        Id = Core.Findings.Finding.ComputeId(tenant, i % 9 == 0 ? FindingTypes.RenewalDue : FindingTypes.InactiveSeat, "c" + (i % 3), i.ToString(CultureInfo.InvariantCulture)),
        Type = i % 9 == 0 ? FindingTypes.RenewalDue : FindingTypes.InactiveSeat,
        ContractId = "c" + (i % 3),
        SubjectKey = $"user{i}",
        Subject = $"User {i}",
        AnnualCost = cost,
        Currency = i % 4 == 0 ? "USD" : "EUR",
        Sources = [i % 11 == 0 ? "zoom" : "graph"],
        Evidence = new Dictionary<string, string>(),
    };

    /// <summary>Every state a stored entry can be in: open, resolved, acknowledged, snoozed with the snooze over.</summary>
    private static LedgerEntry Stored(string tenant, int i) => new()
    {
        Finding = Finding(tenant, i, 100 + i),
        Status = (i % 5) switch { 0 => FindingStatus.Resolved, 1 => FindingStatus.Acknowledged, 2 => FindingStatus.Snoozed, _ => FindingStatus.Open },
        StatusReason = i % 5 == 1 ? "kept on purpose" : null,
        SnoozedUntil = i % 5 == 2 ? Before.AddDays(7) : null,
        ResolvedAt = i % 5 == 0 ? Before : null,
        FirstSeenAt = Before,
        LastSeenAt = Before,
        LastRunId = "r1",
        AlertedAt = i % 2 == 0 ? Before : null,
    };

    [Fact]
    public async Task MergingBucketByBucket_EqualsTheWholeLedgersMerge()
    {
        var tenant = "m" + Guid.NewGuid().ToString("N")[..12];
        var repository = new FindingRepository(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString)), new StorageSettings { WriteConcurrency = 3 });
        var previous = Enumerable.Range(0, 200).Select(i => Stored(tenant, i)).ToList();
        await repository.SaveAsync(tenant, [], previous, CancellationToken.None);
        // Seen again (some at a new cost, one twice), gone (zoom's carried over as unverifiable, the rest resolved), new.
        var current = Enumerable.Range(60, 200).Select(i => Finding(tenant, i, i % 7 == 0 ? 5000 + i : 100 + i)).Append(Finding(tenant, 70, 170)).ToList();
        static bool Unverifiable(Finding f) => f.Sources.Contains("zoom");
        var expected = FindingLedger.Merge(previous, current, "r2", RunAt, Unverifiable);

        var totals = await repository.MergeAsync(tenant, b => current.Where(f => FindingRepository.BucketOf(f.Id) == b),
            (stored, seen) => FindingLedger.Merge(stored, seen, "r2", RunAt, Unverifiable), CancellationToken.None);

        var ledger = (await repository.ListAllAsync(tenant, CancellationToken.None)).Select(s => s.Entry).OrderBy(e => e.Finding.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Entries.OrderBy(e => e.Finding.Id, StringComparer.Ordinal).Select(Describe), ledger.Select(Describe));
        Assert.Equal(expected.Entries.Count(e => e.Status != FindingStatus.Resolved), totals.Open);
        foreach (var change in Enum.GetValues<LedgerChange>())
        {
            Assert.Equal(expected.Count(change), totals.Count(change));
        }

        var aggregates = Assert.IsType<FindingAggregates>(await repository.GetAggregatesAsync(tenant, CancellationToken.None));
        var want = FindingAggregates.From(expected.Entries);
        Assert.Equal(want.Open.OrderBy(Key, StringComparer.Ordinal), aggregates.Open.OrderBy(Key, StringComparer.Ordinal));
        Assert.Equal(want.Review.Select(f => f.Id).Order(StringComparer.Ordinal), aggregates.Review.Select(f => f.Id).Order(StringComparer.Ordinal));
    }

    private static string Key(FindingTally t) => $"{t.Type}|{t.Currency}|{t.ContractId}";

    private static string Describe(LedgerEntry e) =>
        $"{e.Finding.Id} {e.Finding.AnnualCost} {e.Status} {e.StatusReason} {e.SnoozedUntil:O} {e.FirstSeenAt:O} {e.LastSeenAt:O} {e.LastRunId} {e.ResolvedAt:O} {e.AlertedAt:O}";

    /// <summary>
    /// The alerts step marks what a card announced a bucket at a time; the ledger's version row (which every cached
    /// page checks) is written once for the whole marking, not once per bucket.
    /// </summary>
    [Fact]
    public async Task MarkingAlerted_BucketByBucket_MarksEveryEntry_AndWritesTheVersionOnce()
    {
        var tenant = "m" + Guid.NewGuid().ToString("N")[..12];
        var versionWrites = new VersionWrites();
        var repository = new FindingRepository(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(versionWrites)])), new StorageSettings());
        await repository.SaveAsync(tenant, [], Enumerable.Range(0, 200).Select(i => Stored(tenant, i) with { AlertedAt = null }).ToList(), CancellationToken.None);
        var buckets = new List<IReadOnlyList<StoredFinding>>();
        await foreach (var bucket in repository.ReadBucketsAsync(tenant, CancellationToken.None))
        {
            buckets.Add(bucket);
        }

        Assert.True(buckets.Count > 1, $"{buckets.Count} bucket: the ledger must span several");
        var before = versionWrites.Count;
        Assert.Equal(200, await repository.MarkAlertedAsync(tenant, Stream(buckets), RunAt, CancellationToken.None));
        Assert.Equal(1, versionWrites.Count - before);
        await foreach (var bucket in repository.ReadBucketsAsync(tenant, CancellationToken.None))
        {
            Assert.All(bucket, s => Assert.Equal(RunAt, s.Entry.AlertedAt));
        }

        static async IAsyncEnumerable<IReadOnlyList<StoredFinding>> Stream(List<IReadOnlyList<StoredFinding>> buckets)
        {
            foreach (var bucket in buckets)
            {
                await Task.Yield();
                yield return bucket;
            }
        }
    }

    /// <summary>Counts writes of the ledger's version row (a PUT of RowKey 'version').</summary>
    private sealed class VersionWrites : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _count;

        public int Count => _count;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Observe(message);
            ProcessNext(message, pipeline);
        }

        public override ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            Observe(message);
            return ProcessNextAsync(message, pipeline);
        }

        private void Observe(Azure.Core.HttpMessage message)
        {
            if (message.Request.Method == Azure.Core.RequestMethod.Put && Uri.UnescapeDataString(message.Request.Uri.Path).Contains("RowKey='version'", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }
    }
}

/// <summary>
/// The upgrade deletes legacy rows a hundred per transaction at the ETag each was copied at; a person's change between
/// the copy and the delete fails that transaction, and the upgrade falls back to one row at a time, moves the others,
/// and copies the changed row again on its next pass, so the change is kept.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerUpgradeConflictTests(AzuriteFixture azurite)
{
    /// <summary>Runs <paramref name="before"/> once, just before the first table batch that deletes rows is sent.</summary>
    private sealed class BeforeFirstDeleteBatch(Func<Task> before) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        private int _fired;

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            if (message.Request.Uri.Path.EndsWith("$batch", StringComparison.Ordinal) && message.Request.Content is { } content)
            {
                using var body = new MemoryStream();
                await content.WriteToAsync(body, CancellationToken.None);
                if (System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains("DELETE ", StringComparison.Ordinal) && Interlocked.Exchange(ref _fired, 1) == 0)
                {
                    await before();
                }
            }

            await ProcessNextAsync(message, pipeline);
        }
    }

    [Fact]
    public async Task APersonsChangeBetweenCopyAndDelete_IsKept_AndEveryOtherRowMoves()
    {
        var tenant = "u" + Guid.NewGuid().ToString("N")[..12];
        var at = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);
        var entries = Enumerable.Range(0, 150).Select(i => new LedgerEntry
        {
            Finding = new Finding
            {
                Id = Finding.ComputeId(tenant, FindingTypes.InactiveSeat, "c", i.ToString(CultureInfo.InvariantCulture)), Type = FindingTypes.InactiveSeat,
                ContractId = "c", SubjectKey = $"user{i}", Subject = $"User {i}", AnnualCost = 10 + i, Currency = "EUR", Sources = ["graph"],
                Evidence = new Dictionary<string, string>(),
            },
            Status = FindingStatus.Open, FirstSeenAt = at, LastSeenAt = at, LastRunId = "r1",
        }).ToList();
        var legacy = new Azure.Data.Tables.TableClient(azurite.ConnectionString, FindingRepository.TableName);
        await legacy.CreateIfNotExistsAsync();
        foreach (var e in entries)
        {
            // The layout before buckets: the tenant as partition, the finding id as RowKey.
            var row = FindingRepository.ToEntity(tenant, e);
            row.PartitionKey = tenant;
            row.RowKey = e.Finding.Id;
            await legacy.AddEntityAsync(row);
        }

        var changed = entries[7] with { Status = FindingStatus.Acknowledged, StatusReason = "changed during the upgrade" };
        var policy = new BeforeFirstDeleteBatch(async () =>
        {
            var row = FindingRepository.ToEntity(tenant, changed);
            row.PartitionKey = tenant;
            row.RowKey = changed.Finding.Id;
            await legacy.UpsertEntityAsync(row, Azure.Data.Tables.TableUpdateMode.Replace);
        });
        var repository = new FindingRepository(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(policy)])));

        var moved = await repository.UpgradeAsync(tenant, CancellationToken.None);

        var left = 0;
        await foreach (var _ in legacy.QueryAsync<Azure.Data.Tables.TableEntity>(Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey eq {tenant}")))
        {
            left++;
        }

        var after = (await repository.ListAllAsync(tenant, CancellationToken.None)).ToDictionary(s => s.Entry.Finding.Id, StringComparer.Ordinal);
        Assert.Equal(0, left);
        Assert.Equal(150, moved);
        Assert.Equal(150, after.Count);
        Assert.Equal((FindingStatus.Acknowledged, "changed during the upgrade"), (after[changed.Finding.Id].Entry.Status, after[changed.Finding.Id].Entry.StatusReason));
    }
}
