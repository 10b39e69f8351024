using Azure.Data.Tables;

namespace Seatwise.Storage.Tables;

/// <summary>
/// Writes a stream of rows spread over bucket partitions: each bucket's rows are buffered until a full transaction
/// (100 rows, one partition) is ready and is sent when one of the instance's <see cref="WriteSlots"/> is free, so the
/// minimum number of transactions is sent and no partition is written faster than its share.
/// Rows are upserts (insert, replace on a retry), so a retried activity writes the same rows again harmlessly.
/// </summary>
public sealed class BucketedWriter : IAsyncDisposable
{
    private readonly TableClient _table;
    private readonly string _partition;
    private readonly int _buckets;
    private readonly List<ITableEntity>[] _pending;
    private readonly WriteSlots _slots;
    private readonly List<Task> _inFlight = [];
    private readonly CancellationToken _cancellationToken;
    private int _transactions;

    /// <param name="slots">The instance's transactions in flight, shared by every writer.</param>
    public BucketedWriter(TableClient table, string partition, int buckets, WriteSlots slots, CancellationToken cancellationToken)
    {
        _table = table;
        _partition = partition;
        _buckets = buckets;
        _pending = [.. Enumerable.Range(0, buckets).Select(_ => new List<ITableEntity>(TableStore.MaxBatch))];
        _slots = slots;
        _cancellationToken = cancellationToken;
    }

    public int Buckets => _buckets;

    /// <summary>Transactions sent so far.</summary>
    public int Transactions => _transactions;

    /// <summary>Adds a row (its PartitionKey is set to its bucket's); sends that bucket's transaction once it is full.</summary>
    public async Task AddAsync(ITableEntity row)
    {
        var bucket = StorageSettings.BucketOf(row.RowKey, _buckets);
        row.PartitionKey = StorageSettings.BucketPartition(_partition, bucket);
        var pending = _pending[bucket];
        pending.Add(row);
        if (pending.Count == TableStore.MaxBatch)
        {
            _pending[bucket] = new List<ITableEntity>(TableStore.MaxBatch);
            await SendAsync(pending);
        }
    }

    /// <summary>Sends what is left and waits for every transaction; throws the first failure.</summary>
    public async Task FlushAsync()
    {
        for (var bucket = 0; bucket < _buckets; bucket++)
        {
            if (_pending[bucket].Count > 0)
            {
                var rows = _pending[bucket];
                _pending[bucket] = new List<ITableEntity>(TableStore.MaxBatch);
                await SendAsync(rows);
            }
        }

        await Task.WhenAll(_inFlight);
        _inFlight.Clear();
    }

    public async ValueTask DisposeAsync()
    {
        // An abandoned writer (an exception upstream) still waits for what it started before its table goes away.
        try
        {
            await Task.WhenAll(_inFlight);
        }
        catch (Exception)
        {
            // Already surfaced by FlushAsync or superseded by the exception that abandoned the writer.
        }
    }

    private async Task SendAsync(List<ITableEntity> rows)
    {
        await _slots.WaitAsync(_cancellationToken);
        // A failed transaction surfaces at the next add or the flush, not after more rows were sent.
        var failed = _inFlight.FirstOrDefault(t => t.IsFaulted);
        if (failed is not null)
        {
            _slots.Release();
            await failed;
        }

        _inFlight.RemoveAll(t => t.IsCompletedSuccessfully);
        _inFlight.Add(Task.Run(async () =>
        {
            try
            {
                Interlocked.Add(ref _transactions, await TableStore.InsertOrReplaceAsync(_table, rows, _cancellationToken));
            }
            finally
            {
                _slots.Release();
            }
        }, _cancellationToken));
    }
}
