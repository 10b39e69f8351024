using System.Collections.Concurrent;
using Azure.Data.Tables;
using Seatwise.Storage.Accounts;

namespace Seatwise.Storage.Tables;

/// <summary>
/// Hands out table clients and creates each table on first use. The "created" memo is only an optimisation:
/// creating an existing table is harmless, so several instances (Flex Consumption scale-out) need no coordination.
/// </summary>
public sealed class TableStore(StorageAccount account)
{
    public const int MaxBatch = 100;

    private static readonly ConcurrentDictionary<string, long> TransactionCounts = new(StringComparer.OrdinalIgnoreCase);

    private readonly ConcurrentDictionary<string, Task<TableClient>> _tables = new(StringComparer.OrdinalIgnoreCase);

    private static readonly ConcurrentDictionary<(string Table, string Partition), long> RowCounts = new();

    /// <summary>Entity-group transactions this process has sent, per table (benchmarks and diagnostics).</summary>
    public static IReadOnlyDictionary<string, long> Transactions => new Dictionary<string, long>(TransactionCounts);

    /// <summary>Rows written by transactions that succeeded, per table and partition (benchmarks: the minimum transactions for a layout).</summary>
    public static IReadOnlyDictionary<(string Table, string Partition), long> RowsWritten => new Dictionary<(string, string), long>(RowCounts);

    public Task<TableClient> GetTableAsync(string name, CancellationToken cancellationToken) =>
        _tables.GetOrAdd(name, n => CreateAsync(n, cancellationToken));

    /// <summary>
    /// Submits actions as Azure requires: grouped by PartitionKey, at most 100 per transaction, each entity checked
    /// against Azure's limits first. Returns the number of transactions sent.
    /// </summary>
    public static Task<int> SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        SubmitUnitsAsync(table, actions.Select(a => new[] { a }), 1, cancellationToken);

    /// <summary>
    /// Submits units of actions that must land together (a row moved to a new key: its delete and its insert): each
    /// unit's actions share a partition and a transaction. Partitions are written <paramref name="concurrency"/> at a
    /// time, each partition's transactions in order. Returns the number of transactions sent.
    /// </summary>
    public static Task<int> SubmitUnitsAsync(TableClient table, IEnumerable<TableTransactionAction[]> units, int concurrency, CancellationToken cancellationToken) =>
        SubmitPartitionsAsync(table, units.Where(u => u.Length > 0).GroupBy(u => u[0].Entity.PartitionKey, StringComparer.Ordinal), concurrency, cancellationToken);

    /// <summary>
    /// <see cref="SubmitUnitsAsync"/> for units already grouped by partition. Each group is enumerated only while its
    /// partition is being written, so a caller that builds its rows lazily holds only the rows in flight, not every
    /// row of a large write at once.
    /// </summary>
    public static async Task<int> SubmitPartitionsAsync(TableClient table, IEnumerable<IEnumerable<TableTransactionAction[]>> partitions, int concurrency, CancellationToken cancellationToken)
    {
        var transactions = 0;
        await Parallel.ForEachAsync(partitions, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, concurrency), CancellationToken = cancellationToken }, async (partition, token) =>
        {
            foreach (var batch in UnitBatches(partition))
            {
                try
                {
                    await SendAsync(table, batch, token);
                }
                catch (Azure.RequestFailedException ex) when (ex.Status is 412 or 404 or 409)
                {
                    // The batch landed and only its answer was lost (the SDK's retry of it met our own writes: new
                    // ETags, a row already deleted or already added), or someone else changed a row: only the first
                    // is a success.
                    if (!await AlreadyWrittenAsync(table, batch, token))
                    {
                        throw;
                    }
                }

                Interlocked.Increment(ref transactions);
            }
        });
        return transactions;
    }

    /// <summary>Whole units into transactions of at most 100 actions, each entity checked against Azure's limits.</summary>
    private static IEnumerable<List<TableTransactionAction>> UnitBatches(IEnumerable<TableTransactionAction[]> units)
    {
        var batch = new List<TableTransactionAction>(MaxBatch);
        foreach (var unit in units)
        {
            if (unit.Length > MaxBatch || unit.Any(a => a.Entity.PartitionKey != unit[0].Entity.PartitionKey))
            {
                throw new ArgumentException("A unit of actions must fit one transaction: one partition, at most 100 actions.", nameof(units));
            }

            if (batch.Count + unit.Length > MaxBatch)
            {
                yield return batch;
                batch = new List<TableTransactionAction>(MaxBatch);
            }

            foreach (var action in unit)
            {
                EntityGuard.Check(action.Entity);
                batch.Add(action);
            }
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>
    /// Whether every row of a batch already holds what the batch writes (a deleted row is gone, a written row has
    /// the same columns). A failure then means our own earlier attempt succeeded (a lost response retried by the
    /// SDK), not that someone else changed a row, which would still fail the batch so the caller reads again and
    /// merges from the fresh rows.
    /// </summary>
    private static async Task<bool> AlreadyWrittenAsync(TableClient table, IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        foreach (var action in batch)
        {
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(action.Entity.PartitionKey, action.Entity.RowKey, cancellationToken: cancellationToken);
            var written = action.ActionType switch
            {
                TableTransactionActionType.Delete => !stored.HasValue,
                TableTransactionActionType.Add or TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpsertReplace =>
                    stored.HasValue && SameProperties(stored.Value!, action.Entity),
                _ => false,
            };
            if (!written)
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameProperties(TableEntity stored, ITableEntity written) =>
        EntityColumns.Of(written).All(c => stored.TryGetValue(c.Key, out var value) && Equals(value, c.Value));

    /// <summary>
    /// Writes rows that are almost always new (seat lines, a run's findings): each batch is sent as inserts, and
    /// only a batch that conflicts (an activity retried after a partial write) is sent again as replace-upserts.
    /// Idempotent like an upsert; on Azurite, whose upserts slow down as a partition grows, it stays linear.
    /// </summary>
    public static async Task<int> InsertOrReplaceAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var transactions = 0;
        foreach (var batch in Batches(entities, e => e))
        {
            transactions++;
            try
            {
                await SendAsync(table, batch.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 409)
            {
                transactions++;
                await SendAsync(table, batch.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
            }
        }

        return transactions;
    }

    /// <summary>Groups by PartitionKey and cuts into batches of at most 100, each entity checked against Azure's limits.</summary>
    private static IEnumerable<T[]> Batches<T>(IEnumerable<T> items, Func<T, ITableEntity> entity)
    {
        foreach (var partition in items.GroupBy(i => entity(i).PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxBatch))
            {
                foreach (var item in chunk)
                {
                    EntityGuard.Check(entity(item));
                }

                yield return chunk;
            }
        }
    }

    /// <summary>Sends one transaction and counts it (counted when sent, whether or not it succeeds).</summary>
    private static async Task SendAsync(TableClient table, IEnumerable<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        TransactionCounts.AddOrUpdate(table.Name, 1, (_, n) => n + 1);
        var actions = batch as IReadOnlyCollection<TableTransactionAction> ?? [.. batch];
        await table.SubmitTransactionAsync(actions, cancellationToken);
        if (actions.Count > 0)
        {
            RowCounts.AddOrUpdate((table.Name, actions.First().Entity.PartitionKey), actions.Count, (_, n) => n + actions.Count);
        }
    }

    private async Task<TableClient> CreateAsync(string name, CancellationToken cancellationToken)
    {
        var client = account.Tables.GetTableClient(name);
        try
        {
            await client.CreateIfNotExistsAsync(cancellationToken);
        }
        catch
        {
            // Not cached: the next caller tries again (storage may have been briefly unreachable).
            _tables.TryRemove(name, out _);
            throw;
        }

        return client;
    }
}
