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

    /// <summary>Entity-group transactions this process has sent, per table (benchmarks and diagnostics).</summary>
    public static IReadOnlyDictionary<string, long> Transactions => new Dictionary<string, long>(TransactionCounts);

    public Task<TableClient> GetTableAsync(string name, CancellationToken cancellationToken) =>
        _tables.GetOrAdd(name, n => CreateAsync(n, cancellationToken));

    /// <summary>
    /// Submits actions as Azure requires: grouped by PartitionKey, at most 100 per transaction, each entity checked
    /// against Azure's limits first. Returns the number of transactions sent.
    /// </summary>
    public static async Task<int> SubmitAsync(TableClient table, IEnumerable<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        var transactions = 0;
        foreach (var batch in Batches(actions, a => a.Entity))
        {
            try
            {
                await SendAsync(table, batch, cancellationToken);
            }
            catch (Azure.RequestFailedException ex) when (ex.Status == 412)
            {
                // The batch landed and only its answer was lost (the SDK's retry of it met our own new ETags), or
                // someone else changed a row: only the first is a success.
                if (!await AlreadyWrittenAsync(table, batch, cancellationToken))
                {
                    throw;
                }
            }

            transactions++;
        }

        return transactions;
    }

    /// <summary>
    /// Whether every row of a conditional batch already holds what the batch writes. A 412 then means our own
    /// earlier attempt succeeded (a lost response retried by the SDK), not that someone else changed a row, which
    /// would still fail the batch so the caller reads again and merges from the fresh rows.
    /// </summary>
    private static async Task<bool> AlreadyWrittenAsync(TableClient table, IReadOnlyList<TableTransactionAction> batch, CancellationToken cancellationToken)
    {
        foreach (var action in batch)
        {
            if (action.ActionType is not (TableTransactionActionType.UpdateReplace or TableTransactionActionType.UpsertReplace))
            {
                return false;
            }

            var stored = await table.GetEntityIfExistsAsync<TableEntity>(action.Entity.PartitionKey, action.Entity.RowKey, cancellationToken: cancellationToken);
            if (!stored.HasValue || !SameProperties(stored.Value!, action.Entity))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameProperties(TableEntity stored, ITableEntity written)
    {
        var wanted = written as TableEntity ?? throw new InvalidOperationException("conditional batches write TableEntity rows");
        return wanted.Keys.Where(k => k is not ("odata.etag" or "Timestamp" or "PartitionKey" or "RowKey"))
            .All(k => stored.TryGetValue(k, out var value) && Equals(value, wanted[k]));
    }

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
        await table.SubmitTransactionAsync(batch, cancellationToken);
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
