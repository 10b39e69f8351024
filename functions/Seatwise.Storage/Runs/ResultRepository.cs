using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Seatwise.Core.Apps;
using Seatwise.Core.Findings;
using Seatwise.Core.Reconciliation;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// What a run produces, per DESIGN.md section 7: Positions (<c>{tenant}_{runId}</c> / contractId), Seats
/// (<c>{tenant}_{runId}_{contractId}_{bucket}</c> / identity hash, spread over buckets of at most 2,000 rows whose
/// count the position row records as <c>SeatBuckets</c>; runs written before buckets used one partition without the
/// suffix and no <c>SeatBuckets</c>), Apps (<c>{tenant}_{runId}</c> / appId) and the run's raw
/// findings before the ledger merge (RunFindings, <c>{tenant}_{runId}</c> / findingId). Writes are upserts, so a
/// retried activity overwrites its own rows instead of duplicating them.
/// </summary>
public sealed class ResultRepository(TableStore store, StorageSettings? settings = null) : IDisposable
{
    /// <summary>One per instance (the repository is a singleton): every writer of run results shares them.</summary>
    private readonly WriteSlots _slots = new((settings ?? new StorageSettings()).WriteConcurrency);

    public const string Positions = "Positions";
    public const string Seats = "Seats";
    public const string Apps = "Apps";
    public const string RunFindings = "RunFindings";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public void Dispose() => _slots.Dispose();

    public static string RunPartition(string tenant, string runId) => TableKeys.Partition(tenant, runId);

    public static string SeatPartition(string tenant, string runId, string contractId) => TableKeys.Partition(tenant, runId, contractId);

    /// <summary>Seat rows are keyed by a hash: identity keys hold characters Table Storage forbids in keys.</summary>
    public static string SeatRowKey(SeatLine line) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{line.IdentityKey}|{line.ProductKey}|{line.AccountId}")))[..32];

    /// <param name="seatBuckets">How many partitions the contract's seat lines of this run are spread over.</param>
    public async Task SavePositionAsync(string tenant, string runId, Position position, string status, string? snapshotRunId, DateTimeOffset? snapshotCollectedAt, int seatBuckets, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Positions, cancellationToken);
        var entity = new PositionEntity
        {
            PartitionKey = RunPartition(tenant, runId),
            RowKey = position.ContractId,
            Vendor = position.Vendor,
            Status = status,
            SnapshotRunId = snapshotRunId,
            SnapshotCollectedAt = snapshotCollectedAt,
            SeatBuckets = seatBuckets,
            Json = JsonSerializer.Serialize(position, Json),
        };
        EntityGuard.Check(entity);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredPosition>> ListPositionsAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Positions, cancellationToken);
        var positions = new List<StoredPosition>();
        await foreach (var e in table.QueryAsync<PositionEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}"), cancellationToken: cancellationToken))
        {
            positions.Add(new StoredPosition(JsonSerializer.Deserialize<Position>(e.Json, Json)!, e.Status, e.SnapshotRunId, e.SnapshotCollectedAt));
        }

        return positions;
    }

    /// <summary>A run's positions by contract id: what the tenant-wide steps after the contracts price their findings with.</summary>
    public async Task<IReadOnlyDictionary<string, Position>> PositionsByContractAsync(string tenant, string runId, CancellationToken cancellationToken) =>
        (await ListPositionsAsync(tenant, runId, cancellationToken)).ToDictionary(p => p.Position.ContractId, p => p.Position, StringComparer.Ordinal);

    /// <summary>
    /// A writer for a contract's seat lines in a run, spread over <see cref="StorageSettings.BucketsFor"/> buckets of
    /// <paramref name="expectedRows"/> (an upper bound, such as the source's account count, keeps every bucket under
    /// the limit). Record <see cref="BucketedWriter.Buckets"/> on the position row so readers find every bucket.
    /// </summary>
    public async Task<SeatWriter> CreateSeatWriterAsync(string tenant, string runId, string contractId, long expectedRows, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Seats, cancellationToken);
        return new SeatWriter(new BucketedWriter(table, SeatPartition(tenant, runId, contractId), StorageSettings.BucketsFor(expectedRows), _slots, cancellationToken));
    }

    /// <summary>A contract's seat lines in a run, optionally of one status, streamed bucket by bucket, page by page.</summary>
    public async IAsyncEnumerable<SeatEntity> ReadSeatsAsync(string tenant, string runId, string contractId, string? status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Seats, cancellationToken);
        foreach (var partition in await SeatPartitionsAsync(tenant, runId, contractId, cancellationToken))
        {
            await foreach (var e in table.QueryAsync<SeatEntity>(SeatFilter(partition, status), maxPerPage: 1000, cancellationToken: cancellationToken))
            {
                yield return e;
            }
        }
    }

    /// <summary>
    /// One page of a contract's seat lines. The continuation is the bucket being read and Table Storage's token within
    /// it (<c>{bucket}:{token}</c>); a page that ends a bucket goes on in the next.
    /// </summary>
    public async Task<(IReadOnlyList<SeatEntity> Items, string? ContinuationToken)> PageSeatsAsync(string tenant, string runId, string contractId, string? status, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Seats, cancellationToken);
        var partitions = await SeatPartitionsAsync(tenant, runId, contractId, cancellationToken);
        var (bucket, token) = ParseSeatToken(continuationToken);
        var items = new List<SeatEntity>(top);
        while (bucket < partitions.Count && items.Count < top)
        {
            var (page, next) = await FirstPageAsync<SeatEntity>(table, SeatFilter(partitions[bucket], status), top - items.Count, token, cancellationToken);
            items.AddRange(page);
            if (next is not null)
            {
                return (items, SeatToken(bucket, next));
            }

            bucket++;
            token = null;
        }

        return (items, bucket < partitions.Count ? SeatToken(bucket, null) : null);
    }

    /// <summary>Whether a seat-page continuation has our shape (the wrapper checked its scope already).</summary>
    public static bool IsSeatToken(string token) => TryParseSeatToken(token, out _, out _);

    private static string SeatToken(int bucket, string? token) => $"{bucket.ToString(System.Globalization.CultureInfo.InvariantCulture)}:{token}";

    /// <summary>Where a seat page goes on: the first bucket's start when there is no token (or none of ours).</summary>
    private static (int Bucket, string? Token) ParseSeatToken(string? token) =>
        token is not null && TryParseSeatToken(token, out var bucket, out var inner) ? (bucket, inner) : (0, null);

    private static bool TryParseSeatToken(string token, out int bucket, out string? inner)
    {
        var colon = token.IndexOf(':', StringComparison.Ordinal);
        inner = colon < 0 || colon == token.Length - 1 ? null : token[(colon + 1)..];
        bucket = 0;
        return colon > 0 && int.TryParse(token.AsSpan(0, colon), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bucket) &&
            bucket < StorageSettings.MaxBuckets;
    }

    /// <summary>Every partition holding the contract's seat lines of the run, in bucket order (a run from before buckets: its one partition).</summary>
    private async Task<List<string>> SeatPartitionsAsync(string tenant, string runId, string contractId, CancellationToken cancellationToken)
    {
        var positions = await store.GetTableAsync(Positions, cancellationToken);
        var row = await positions.GetEntityIfExistsAsync<PositionEntity>(RunPartition(tenant, runId), contractId, [PositionEntity.SeatBucketsColumn], cancellationToken);
        return SeatPartitions(tenant, runId, contractId, row.HasValue ? row.Value!.SeatBuckets : null);
    }

    private static List<string> SeatPartitions(string tenant, string runId, string contractId, int? buckets)
    {
        var partition = SeatPartition(tenant, runId, contractId);
        return buckets is { } count and > 0
            ? [.. Enumerable.Range(0, count).Select(b => StorageSettings.BucketPartition(partition, b))]
            : [partition];
    }

    public async Task<(IReadOnlyList<AppEntity> Items, string? ContinuationToken)> PageAppsAsync(string tenant, string runId, string? category, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Apps, cancellationToken);
        var filter = category is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}") + " and " + AppEntity.CategoryColumn + " eq " + TableClient.CreateQueryFilter($"{category}");
        return await FirstPageAsync<AppEntity>(table, filter, top, continuationToken, cancellationToken);
    }

    private static string SeatFilter(string partition, string? status) => status is null
        ? TableClient.CreateQueryFilter($"PartitionKey eq {partition}")
        : TableClient.CreateQueryFilter($"PartitionKey eq {partition}") + " and " + SeatEntity.StatusColumn + " eq " + TableClient.CreateQueryFilter($"{status}");

    /// <summary>
    /// Up to <paramref name="top"/> rows from where the token points. A filtered scan may answer a short page with a
    /// token, so pages are read until full; the token returned points after the last row handed out.
    /// </summary>
    private static async Task<(IReadOnlyList<T> Items, string? ContinuationToken)> FirstPageAsync<T>(TableClient table, string filter, int top, string? continuationToken, CancellationToken cancellationToken)
        where T : class, ITableEntity, new()
    {
        var items = new List<T>(top);
        var token = continuationToken;
        do
        {
            var pages = table.QueryAsync<T>(filter, top - items.Count, cancellationToken: cancellationToken).AsPages(token, top - items.Count);
            await using var pager = pages.GetAsyncEnumerator(cancellationToken);
            if (!await pager.MoveNextAsync())
            {
                return (items, null);
            }

            items.AddRange(pager.Current.Values);
            token = pager.Current.ContinuationToken;
        }
        while (items.Count < top && token is not null);

        return (items, token);
    }

    public async Task SaveAppsAsync(string tenant, string runId, IEnumerable<AppPosition> apps, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Apps, cancellationToken);
        var actions = apps.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new AppEntity
        {
            PartitionKey = RunPartition(tenant, runId),
            RowKey = TableKeys.Checked(a.App.AppId, "appId"),
            DisplayName = a.App.DisplayName,
            Publisher = a.App.PublisherName,
            Enabled = a.App.Enabled,
            Category = a.Category,
            ContractId = a.ContractId,
            Allowed = a.Allowed,
            LastSignInAt = a.App.LastSignInAt,
        }));
        await TableStore.SubmitAsync(table, actions, cancellationToken);
    }

    /// <summary>RowKey prefix of the rows in <c>{tenant}_{runId}</c> that name a writer of the run's raw findings and its bucket count.</summary>
    private const string WriterPrefix = "~writer~";

    /// <summary>
    /// Saves one step's raw findings of a run (<paramref name="writer"/>: <c>contract~{id}</c>, <c>tenant</c>, <c>apps</c>)
    /// into <c>{tenant}_{runId}_{writer}_{bucket}</c>, spread over buckets of at most 2,000 rows, then records the
    /// writer and its bucket count in <c>{tenant}_{runId}</c>, where the merge finds them. Written last, that row
    /// means every bucket is complete; a retried step writes the same rows to the same buckets.
    /// </summary>
    public async Task SaveRunFindingsAsync(string tenant, string runId, string writer, IReadOnlyCollection<Finding> findings, CancellationToken cancellationToken)
    {
        if (findings.Count == 0)
        {
            return;
        }

        var table = await store.GetTableAsync(RunFindings, cancellationToken);
        await using (var bucketed = new BucketedWriter(table, TableKeys.Partition(tenant, runId, writer), StorageSettings.BucketsFor(findings.Count), _slots, cancellationToken))
        {
            foreach (var f in findings)
            {
                await bucketed.AddAsync(new RunFindingEntity { RowKey = f.Id, ContractId = f.ContractId, Json = JsonSerializer.Serialize(f, Json) });
            }

            await bucketed.FlushAsync();
            var row = new RunFindingEntity { PartitionKey = RunPartition(tenant, runId), RowKey = TableKeys.Checked(WriterPrefix + writer, "RowKey"), Writer = writer, Buckets = bucketed.Buckets };
            await table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
        }
    }

    /// <summary>Every raw finding of a run: each recorded writer's buckets, and the rows of a run written before buckets.</summary>
    public async IAsyncEnumerable<Finding> ReadRunFindingsAsync(string tenant, string runId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var (_, json) in ReadRunFindingRowsAsync(tenant, runId, cancellationToken))
        {
            yield return JsonSerializer.Deserialize<Finding>(json, Json)!;
        }
    }

    /// <summary>
    /// A run's raw findings grouped by <paramref name="groupOf"/> of their id, each group kept compressed until it is
    /// taken: what the ledger's merge reads a bucket at a time. Compressed because a 100,000-user run's 137,000 raw
    /// findings held as plain UTF-8 JSON were the largest single block of <c>CompleteRun</c>'s memory
    /// (docs/benchmarks.md).
    /// </summary>
    public async Task<RunFindingGroups> GroupRunFindingsAsync(string tenant, string runId, int groups, Func<string, int> groupOf, CancellationToken cancellationToken)
    {
        var grouped = new RunFindingGroups(groups);
        await foreach (var (id, json) in ReadRunFindingRowsAsync(tenant, runId, cancellationToken))
        {
            grouped.Add(groupOf(id), json);
        }

        return grouped;
    }

    private async IAsyncEnumerable<(string Id, string Json)> ReadRunFindingRowsAsync(string tenant, string runId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(RunFindings, cancellationToken);
        var partitions = new List<string>();
        await foreach (var e in table.QueryAsync<RunFindingEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}"), cancellationToken: cancellationToken))
        {
            if (e.RowKey.StartsWith(WriterPrefix, StringComparison.Ordinal))
            {
                partitions.AddRange(WriterPartitions(tenant, runId, e));
            }
            else
            {
                yield return (e.RowKey, e.Json!);
            }
        }

        foreach (var partition in partitions)
        {
            await foreach (var e in table.QueryAsync<RunFindingEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["RowKey", nameof(RunFindingEntity.Json)], cancellationToken: cancellationToken))
            {
                yield return (e.RowKey, e.Json!);
            }
        }
    }

    private static IEnumerable<string> WriterPartitions(string tenant, string runId, RunFindingEntity writerRow)
    {
        var partition = TableKeys.Partition(tenant, runId, writerRow.Writer!);
        return Enumerable.Range(0, writerRow.Buckets ?? 0).Select(b => StorageSettings.BucketPartition(partition, b));
    }

    /// <summary>Retention: removes every row a run wrote (positions, seat lines, apps, raw findings).</summary>
    public async Task<int> DeleteRunAsync(string tenant, string runId, IEnumerable<string> contractIds, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var partitions = new List<(string Table, string Partition)>
        {
            (Positions, RunPartition(tenant, runId)), (Apps, RunPartition(tenant, runId)), (RunFindings, RunPartition(tenant, runId)),
        };
        foreach (var id in contractIds)
        {
            partitions.AddRange((await SeatPartitionsAsync(tenant, runId, id, cancellationToken)).Select(p => (Seats, p)));
        }

        var runFindings = await store.GetTableAsync(RunFindings, cancellationToken);
        var writers = TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)} and RowKey ge {WriterPrefix} and RowKey lt {WriterPrefix + "~"}");
        await foreach (var e in runFindings.QueryAsync<RunFindingEntity>(writers, cancellationToken: cancellationToken))
        {
            partitions.InsertRange(0, WriterPartitions(tenant, runId, e).Select(p => (RunFindings, p)));
        }

        foreach (var (name, partition) in partitions)
        {
            var table = await store.GetTableAsync(name, cancellationToken);
            var keys = new List<TableTransactionAction>();
            await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                keys.Add(new TableTransactionAction(TableTransactionActionType.Delete, e, Azure.ETag.All));
            }

            await TableStore.SubmitAsync(table, keys, cancellationToken);
            deleted += keys.Count;
        }

        return deleted;
    }
}

public sealed record StoredPosition(Position Position, string Status, string? SnapshotRunId, DateTimeOffset? SnapshotCollectedAt);

/// <summary>Writes one contract's seat lines of a run into their bucket partitions (<see cref="ResultRepository.CreateSeatWriterAsync"/>).</summary>
public sealed class SeatWriter(BucketedWriter writer) : IAsyncDisposable
{
    public int Buckets => writer.Buckets;

    public int Transactions => writer.Transactions;

    public Task AddAsync(SeatLine line) => writer.AddAsync(SeatEntity.From(line));

    public Task FlushAsync() => writer.FlushAsync();

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}

/// <summary>
/// A run's raw findings in groups, as <see cref="ResultRepository.GroupRunFindingsAsync"/> read them: each group
/// <see cref="CompressedFindings"/> of the rows' JSON, and each group taken once.
/// </summary>
public sealed class RunFindingGroups
{
    private readonly CompressedFindings?[] _groups;

    public RunFindingGroups(int groups) => _groups = Enumerable.Range(0, groups).Select(_ => new CompressedFindings(ResultRepository.Json)).ToArray();

    /// <summary>Findings added so far, over every group.</summary>
    public int Count { get; private set; }

    public void Add(int group, string json)
    {
        var target = _groups[group] ?? throw new InvalidOperationException($"Group {group} was taken already.");
        target.AddJson(json);
        Count++;
    }

    /// <summary>The findings of a group, deserialized as they are enumerated; the group is let go as it is taken.</summary>
    public IEnumerable<Finding> Take(int group) =>
        (Interlocked.Exchange(ref _groups[group], null) ?? throw new InvalidOperationException($"Group {group} was taken already.")).Read();
}
