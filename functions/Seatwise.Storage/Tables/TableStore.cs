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
        foreach (var partition in actions.GroupBy(a => a.Entity.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxBatch))
            {
                foreach (var action in chunk)
                {
                    EntityGuard.Check(action.Entity);
                }

                await table.SubmitTransactionAsync(chunk, cancellationToken);
                transactions++;
                TransactionCounts.AddOrUpdate(table.Name, 1, (_, n) => n + 1);
            }
        }

        return transactions;
    }

    /// <summary>
    /// Writes rows that are almost always new (seat lines, a run's findings): each batch is sent as inserts, and
    /// only a batch that conflicts (an activity retried after a partial write) is sent again as replace-upserts.
    /// Idempotent like an upsert; on Azurite, whose upserts slow down as a partition grows, it stays linear.
    /// </summary>
    public static async Task<int> InsertOrReplaceAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken)
    {
        var transactions = 0;
        foreach (var partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (var chunk in partition.Chunk(MaxBatch))
            {
                foreach (var entity in chunk)
                {
                    EntityGuard.Check(entity);
                }

                try
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), cancellationToken);
                }
                catch (Azure.RequestFailedException ex) when (ex.Status == 409)
                {
                    await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
                    transactions++;
                    TransactionCounts.AddOrUpdate(table.Name, 1, (_, n) => n + 1);
                }

                transactions++;
                TransactionCounts.AddOrUpdate(table.Name, 1, (_, n) => n + 1);
            }
        }

        return transactions;
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
