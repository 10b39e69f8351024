using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// Table Findings: the ledger (<see cref="FindingEntity"/>). A tenant's entries are spread over
/// <see cref="Buckets"/> partitions <c>{tenant}_{bucket}</c> by a hash of the finding id, and keyed within each by
/// inverted annual cost and id, so every partition lists its entries in the API's order and a page is a merge of
/// the partitions' heads. The summary's tallies live apart (<see cref="AggregatePartition"/>). Ledgers written before
/// this layout (PartitionKey the tenant, RowKey the id) are read until a run moves them (<see cref="UpgradeAsync"/>).
/// </summary>
public sealed partial class FindingRepository(TableStore store, StorageSettings? settings = null, TimeProvider? clock = null)
{
    public const string TableName = "Findings";

    /// <summary>
    /// Partitions per tenant ledger. Fixed, so a finding's partition never changes and a page costs the same at any
    /// ledger size: 16 keeps a 100,000-user tenant's first run (about 42,000 new entries) near Azure's 2,000 entities
    /// per partition per second (2,600 rows each), and a page at 16 small queries, sent together.
    /// </summary>
    public const int Buckets = 16;

    private readonly StorageSettings _settings = settings ?? new StorageSettings();

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>Pages served, by tenant, filter, size, position and ledger version (<see cref="VersionAsync"/>).</summary>
    private readonly ConcurrentDictionary<string, (DateTimeOffset At, IReadOnlyList<StoredFinding> Items, string? Next)> _pages = new(StringComparer.Ordinal);

    /// <summary>Pages an instance keeps at most; past that the cache starts over (a page costs 16 small queries to read again).</summary>
    private const int MaxCachedPages = 128;

    /// <summary>
    /// The largest page cached: people's pages (the API's default of 100 or fewer) are; an export
    /// walking the ledger a thousand at a time is read once and must not fill memory with the whole ledger.
    /// </summary>
    private const int MaxCachedTop = 100;

    /// <summary>Tenants whose legacy partition was seen empty: nothing writes it any more, so it stays empty.</summary>
    private readonly ConcurrentDictionary<string, bool> _upgraded = new(StringComparer.Ordinal);

    /// <summary>The partition of bucket <paramref name="bucket"/> of a tenant's ledger.</summary>
    public static string Partition(string tenant, int bucket) => TableKeys.Checked(StorageSettings.BucketPartition(tenant, bucket), "PartitionKey");

    /// <summary>The partition a finding lives in, from its id alone (a lookup by id needs nothing else).</summary>
    public static string PartitionOf(string tenant, string id) => Partition(tenant, BucketOf(id));

    /// <summary>The bucket of a finding id.</summary>
    public static int BucketOf(string id) => StorageSettings.BucketOf(id, Buckets);

    /// <summary>
    /// A ledger entry's RowKey: the annual cost subtracted from the largest cost a key can hold, as fixed-width text,
    /// then the id. Ascending key order is the API's order: annual cost descending, then id.
    /// </summary>
    public static string OrderKey(decimal annualCost, string id) =>
        (MaxCost - Rounded(annualCost)).ToString(CostFormat, CultureInfo.InvariantCulture) + "_" + id;

    /// <summary>Whether a client's text is an order key (it reaches a table filter through a continuation token).</summary>
    public static bool IsOrderKey(string key) => OrderKeyPattern().IsMatch(key);

    /// <summary>Every entry of a tenant's ledger with the ETag it was read at, so the run's merge never overwrites a change made meanwhile.</summary>
    public async Task<IReadOnlyList<StoredFinding>> ListAllAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var buckets = await Task.WhenAll(Enumerable.Range(0, Buckets).Select(b => ReadPartitionAsync(table, Partition(tenant, b), cancellationToken)));
        var entries = buckets.SelectMany(b => b).ToList();
        if (await HasLegacyAsync(table, tenant, cancellationToken))
        {
            // A move in progress can leave an entry in both layouts; the bucket's copy is the one people changed since.
            var moved = entries.Select(e => e.Entry.Finding.Id).ToHashSet(StringComparer.Ordinal);
            entries.AddRange((await ReadPartitionAsync(table, tenant, cancellationToken)).Where(e => !moved.Contains(e.Entry.Finding.Id)));
        }

        return entries;
    }

    /// <summary>
    /// The same entries as <see cref="ListAllAsync"/>, a bucket at a time, so a step that reads the whole ledger holds
    /// a sixteenth of it (about 8,600 entries of a 100,000-user tenant) instead of all of it. A ledger still being
    /// moved from the legacy layout comes as one part, as <see cref="ListAllAsync"/> reads it.
    /// </summary>
    public async IAsyncEnumerable<IReadOnlyList<StoredFinding>> ReadBucketsAsync(string tenant, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        if (await HasLegacyAsync(table, tenant, cancellationToken))
        {
            yield return await ListAllAsync(tenant, cancellationToken);
            yield break;
        }

        for (var bucket = 0; bucket < Buckets; bucket++)
        {
            yield return await ReadPartitionAsync(table, Partition(tenant, bucket), cancellationToken);
        }
    }

    public async Task<StoredFinding?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {PartitionOf(tenant, id)}") + $" and {FindingEntity.IdColumn}" + TableClient.CreateQueryFilter($" eq {id}");
        await foreach (var e in table.QueryAsync<FindingEntity>(filter, cancellationToken: cancellationToken))
        {
            return Read(e);
        }

        if (await HasLegacyAsync(table, tenant, cancellationToken))
        {
            var legacy = await table.GetEntityIfExistsAsync<FindingEntity>(tenant, id, cancellationToken: cancellationToken);
            return legacy.HasValue ? Read(legacy.Value!) : null;
        }

        return null;
    }

    /// <summary>A person's status change: replaces the entry where it was read, only if it still has the ETag they read.</summary>
    public async Task<(WriteOutcome Outcome, string? ETag)> ReplaceAsync(string tenant, StoredFinding stored, LedgerEntry updated, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var result = await TableETags.ReplaceAsync(table, ToEntity(stored.PartitionKey, stored.RowKey, updated), ifMatch, cancellationToken);
        if (result.Outcome == WriteOutcome.Done)
        {
            await TouchAsync(table, tenant, cancellationToken);
        }

        return result;
    }

    /// <summary>
    /// Moves a ledger of the legacy layout (one partition per tenant) into the buckets, keeping everything people made
    /// (status, reason, snooze, first seen, alerted). Each entry is copied, then its legacy row deleted at the ETag it
    /// was copied at; an entry a person changed meanwhile fails that delete and is copied again on the next pass, so no
    /// change is lost. Idempotent: an interrupted move resumes. Returns the number of entries moved.
    /// </summary>
    public async Task<int> UpgradeAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var moved = 0;
        while (await HasLegacyAsync(table, tenant, cancellationToken))
        {
            var legacy = await ReadPartitionAsync(table, tenant, cancellationToken);
            await TableStore.SubmitUnitsAsync(table, legacy.Select(s => new[]
            {
                new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(tenant, s.Entry)),
            }), _settings.WriteConcurrency, cancellationToken);
            foreach (var chunk in legacy.Chunk(TableStore.MaxBatch))
            {
                try
                {
                    // A hundred legacy rows per transaction, each at the ETag it was copied at.
                    await TableStore.SubmitAsync(table, chunk.Select(c => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenant, c.RowKey), c.ETag)), cancellationToken);
                    moved += chunk.Length;
                    continue;
                }
                catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                {
                    // One of them changed or went since the copy: one at a time, so the others still move.
                }

                foreach (var stored in chunk)
                {
                    try
                    {
                        await table.DeleteEntityAsync(tenant, stored.RowKey, stored.ETag, cancellationToken);
                        moved++;
                    }
                    catch (RequestFailedException ex) when (ex.Status == 404)
                    {
                        moved++;
                    }
                    catch (RequestFailedException ex) when (ex.Status == 412)
                    {
                        // Changed by a person after the copy: the next pass copies the new version.
                    }
                }
            }
        }

        if (moved > 0)
        {
            await TouchAsync(table, tenant, cancellationToken);
        }

        return moved;
    }

    /// <summary>
    /// Merges a run into the ledger a bucket at a time, <see cref="StorageSettings.MergeConcurrency"/> buckets at once: a
    /// finding's bucket follows from its id, so each bucket's entries merge with the run's findings of that bucket
    /// alone (<paramref name="current"/>, asked for once per bucket) and only the buckets in flight are in memory,
    /// never a 100,000-user tenant's whole ledger. Each bucket is saved as <see cref="SaveAsync"/> saves; the summary's
    /// aggregates follow the last bucket. Call <see cref="UpgradeAsync"/> first.
    /// </summary>
    public async Task<LedgerMergeTotals> MergeAsync(
        string tenant,
        Func<int, IEnumerable<Finding>> current,
        Func<IEnumerable<LedgerEntry>, IEnumerable<Finding>, LedgerResult> merge,
        CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var aggregates = new FindingAggregates.Builder();
        var changes = new Dictionary<LedgerChange, int>();
        var open = 0;
        var transactions = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, Buckets), new ParallelOptions { MaxDegreeOfParallelism = _settings.MergeConcurrency, CancellationToken = cancellationToken }, async (bucket, token) =>
        {
            var stored = (await ReadPartitionAsync(table, Partition(tenant, bucket), token)).ToDictionary(s => s.Entry.Finding.Id, StringComparer.Ordinal);
            var merged = merge(stored.Values.Select(s => s.Entry), current(bucket));
            var written = await TableStore.SubmitPartitionsAsync(table, [Units(tenant, merged, stored)], 1, token);
            lock (aggregates)
            {
                transactions += written;
                foreach (var entry in merged.Entries)
                {
                    aggregates.Add(entry);
                    open += entry.Status == FindingStatus.Resolved ? 0 : 1;
                }

                foreach (var change in merged.Changes.Values)
                {
                    changes[change] = changes.GetValueOrDefault(change) + 1;
                }
            }
        });
        if (transactions > 0)
        {
            await TouchAsync(table, tenant, cancellationToken);
        }

        await SaveAggregatesAsync(tenant, aggregates.Build(), cancellationToken);
        return new LedgerMergeTotals(open, changes);
    }

    /// <summary>The writes a merge needs: changed entries replaced (or moved) at the ETag they were read at, new ones inserted; unchanged and carried-over entries are not written.</summary>
    private static IEnumerable<TableTransactionAction[]> Units(string tenant, LedgerResult merged, Dictionary<string, StoredFinding> stored) =>
        merged.Entries
            .Where(e => merged.Changes[e.Finding.Id] is not (LedgerChange.Unchanged or LedgerChange.CarriedOver))
            .Select(e => Write(tenant, e, stored.GetValueOrDefault(e.Finding.Id)));

    /// <summary>
    /// Saves entries, partitions written <see cref="StorageSettings.WriteConcurrency"/> at a time: entries read
    /// before are replaced only at the ETag they were read at (a status set through the API meanwhile fails the batch,
    /// and the retried activity merges again from the fresh ledger); an entry whose cost changed moves to its new key,
    /// the delete and the insert in one transaction; entries never stored before are inserted. Call
    /// <see cref="UpgradeAsync"/> first: entries are saved in the bucket layout only.
    /// </summary>
    public async Task<int> SaveAsync(string tenant, IEnumerable<(LedgerEntry Entry, StoredFinding Was)> changed, IEnumerable<LedgerEntry> created, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        // Entries are grouped by bucket first and turned into rows (with their JSON) only while their bucket is being
        // written: a first run's 100,000 entries never exist as rows all at once.
        var work = changed.Select(c => (c.Entry, Was: (StoredFinding?)c.Was)).Concat(created.Select(e => (Entry: e, Was: (StoredFinding?)null)))
            .GroupBy(w => PartitionOf(tenant, w.Entry.Finding.Id), StringComparer.Ordinal)
            .Select(bucket => bucket.Select(w => Write(tenant, w.Entry, w.Was)));
        var transactions = await TableStore.SubmitPartitionsAsync(table, work, _settings.WriteConcurrency, cancellationToken);
        if (transactions > 0)
        {
            await TouchAsync(table, tenant, cancellationToken);
        }

        return transactions;
    }

    /// <summary>The writes of one entry: a change of a stored entry (<see cref="Change"/>), or the insert of a new one.</summary>
    private static TableTransactionAction[] Write(string tenant, LedgerEntry entry, StoredFinding? was) =>
        was is not null ? Change(tenant, entry, was) : [new TableTransactionAction(TableTransactionActionType.Add, ToEntity(tenant, entry))];

    private static TableTransactionAction[] Change(string tenant, LedgerEntry entry, StoredFinding was)
    {
        var row = ToEntity(tenant, entry);
        if (was.PartitionKey != row.PartitionKey)
        {
            throw new InvalidOperationException($"Finding {entry.Finding.Id} is still in the legacy layout; upgrade the ledger before saving.");
        }

        return was.RowKey == row.RowKey
            ? [new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, was.ETag)]
            :
            [
                new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(was.PartitionKey, was.RowKey), was.ETag),
                new TableTransactionAction(TableTransactionActionType.Add, row),
            ];
    }

    /// <summary>
    /// Records that a Teams alert announced these findings, given a bucket (or any group) at a time so a large ledger
    /// is never held whole. Each entry is replaced at the ETag it was read at; one changed meanwhile (a status set
    /// through the API) is read again and marked on its fresh copy. The ledger's version row is written once, after
    /// the last group.
    /// </summary>
    public async Task<int> MarkAlertedAsync(string tenant, IAsyncEnumerable<IReadOnlyList<StoredFinding>> groups, DateTimeOffset alertedAt, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var marked = 0;
        await foreach (var entries in groups.WithCancellation(cancellationToken))
        {
            marked += await MarkAsync(table, tenant, entries, alertedAt, cancellationToken);
        }

        if (marked > 0)
        {
            await TouchAsync(table, tenant, cancellationToken);
        }

        return marked;
    }

    private async Task<int> MarkAsync(TableClient table, string tenant, IReadOnlyList<StoredFinding> entries, DateTimeOffset alertedAt, CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var chunk in entries.GroupBy(s => s.PartitionKey, StringComparer.Ordinal).SelectMany(p => p.Chunk(TableStore.MaxBatch)))
        {
            try
            {
                marked += await TableStore.SubmitAsync(table, chunk.Select(s => new TableTransactionAction(
                    TableTransactionActionType.UpdateReplace, ToEntity(s.PartitionKey, s.RowKey, s.Entry with { AlertedAt = alertedAt }), s.ETag)), cancellationToken) > 0 ? chunk.Length : 0;
                continue;
            }
            catch (RequestFailedException ex) when (ex.Status is 412 or 404)
            {
                // Someone changed one of them: fall back to one at a time, each on its fresh copy.
            }

            foreach (var stored in chunk)
            {
                var current = stored;
                for (var attempt = 0; current is not null && attempt < 3; attempt++)
                {
                    try
                    {
                        await table.UpdateEntityAsync(ToEntity(current.PartitionKey, current.RowKey, current.Entry with { AlertedAt = alertedAt }), current.ETag, TableUpdateMode.Replace, cancellationToken);
                        marked++;
                        break;
                    }
                    catch (RequestFailedException ex) when (ex.Status is 412 or 404)
                    {
                        current = await GetAsync(tenant, stored.Entry.Finding.Id, cancellationToken);
                    }
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// One page of the ledger in the API's order (annual cost descending, then id), after the order key
    /// <paramref name="after"/>: a merge of the buckets' heads. Each bucket is asked for its first few matching
    /// entries (all at once), and again only when the merge empties it, so a page reads about <paramref name="top"/>
    /// plus a few entities per bucket whatever the ledger's size. Returns the page and the order key to continue
    /// after, or null when nothing is left.
    /// </summary>
    public async Task<(IReadOnlyList<StoredFinding> Items, string? Next)> PageAsync(string tenant, FindingFilter filter, int top, string? after, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        if (await HasLegacyAsync(table, tenant, cancellationToken))
        {
            return PageInMemory(await ListAllAsync(tenant, cancellationToken), filter, top, after);
        }

        var version = _settings.PageCacheSeconds > 0 && top <= MaxCachedTop ? await VersionAsync(table, tenant, cancellationToken) : null;
        var cacheKey = $"{tenant}|{filter}|{top}|{after}|{version}";
        var now = _clock.GetUtcNow();
        if (version is not null && _pages.TryGetValue(cacheKey, out var cached) && now - cached.At < TimeSpan.FromSeconds(_settings.PageCacheSeconds))
        {
            return (cached.Items, cached.Next);
        }

        var (items, next) = await MergePageAsync(table, tenant, filter, top, after, cancellationToken);
        if (version is not null)
        {
            if (_pages.Count >= MaxCachedPages)
            {
                _pages.Clear();
            }

            _pages[cacheKey] = (now, items, next);
        }

        return (items, next);
    }

    /// <summary>The page itself: the buckets' heads merged (see <see cref="PageAsync"/>).</summary>
    private static async Task<(IReadOnlyList<StoredFinding> Items, string? Next)> MergePageAsync(TableClient table, string tenant, FindingFilter filter, int top, string? after, CancellationToken cancellationToken)
    {
        var conditions = filter.Conditions(after);
        var perBucket = ((top + 1 + Buckets - 1) / Buckets) + 1;
        var heads = Enumerable.Range(0, Buckets)
            .Select(b => new BucketHead(table.QueryAsync<FindingEntity>($"{TableClient.CreateQueryFilter($"PartitionKey eq {Partition(tenant, b)}")} and {conditions}", maxPerPage: perBucket, cancellationToken: cancellationToken)
                .AsPages().GetAsyncEnumerator(cancellationToken)))
            .ToList();
        try
        {
            await Task.WhenAll(heads.Select(h => h.FillAsync()));
            var items = new List<StoredFinding>(Math.Min(top, 1000));
            while (items.Count < top)
            {
                BucketHead? next = null;
                foreach (var head in heads)
                {
                    // An emptied bucket that has more is read on before the comparison: its next row may come first.
                    if (head.Rows.Count == 0 && !head.Exhausted)
                    {
                        await head.FillAsync();
                    }

                    if (head.Rows.Count > 0 && (next is null || string.CompareOrdinal(head.Rows.Peek().RowKey, next.Rows.Peek().RowKey) < 0))
                    {
                        next = head;
                    }
                }

                if (next is null)
                {
                    break;
                }

                items.Add(Read(next.Rows.Dequeue()));
            }

            foreach (var head in heads.Where(h => h.Rows.Count == 0 && !h.Exhausted))
            {
                await head.FillAsync();
            }

            var more = items.Count == top && heads.Any(h => h.Rows.Count > 0);
            return (items, more ? items[^1].RowKey : null);
        }
        finally
        {
            foreach (var head in heads)
            {
                await head.Pages.DisposeAsync();
            }
        }
    }

    /// <summary>A legacy ledger, not yet moved by a run: the same order and cursor, sorted in memory (such ledgers predate 100,000-user tenants).</summary>
    private static (IReadOnlyList<StoredFinding> Items, string? Next) PageInMemory(IReadOnlyList<StoredFinding> all, FindingFilter filter, int top, string? after)
    {
        var keyed = all.Where(s => filter.Matches(s.Entry))
            .Select(s => (Key: OrderKey(s.Entry.Finding.AnnualCost, s.Entry.Finding.Id), Stored: s))
            .Where(k => after is null || string.CompareOrdinal(k.Key, after) > 0)
            .OrderBy(k => k.Key, StringComparer.Ordinal)
            .Take(top + 1)
            .ToList();
        var page = keyed.Take(top).ToList();
        return ([.. page.Select(k => k.Stored)], keyed.Count > top ? page[^1].Key : null);
    }

    /// <summary>One bucket's side of a page: the rows read and not yet merged, and its query's next page.</summary>
    private sealed class BucketHead(IAsyncEnumerator<Page<FindingEntity>> pages)
    {
        public IAsyncEnumerator<Page<FindingEntity>> Pages { get; } = pages;

        public Queue<FindingEntity> Rows { get; } = new();

        public bool Exhausted { get; private set; }

        /// <summary>Reads on until a row arrives or the query ends (storage may answer a page with no rows and a continuation).</summary>
        public async Task FillAsync()
        {
            while (Rows.Count == 0 && !Exhausted)
            {
                if (!await Pages.MoveNextAsync())
                {
                    Exhausted = true;
                    break;
                }

                foreach (var row in Pages.Current.Values)
                {
                    Rows.Enqueue(row);
                }

                Exhausted = Pages.Current.ContinuationToken is null;
            }
        }
    }

    private static async Task<List<StoredFinding>> ReadPartitionAsync(TableClient table, string partition, CancellationToken cancellationToken)
    {
        var rows = new List<StoredFinding>();
        await foreach (var e in table.QueryAsync<FindingEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            rows.Add(Read(e));
        }

        return rows;
    }

    /// <summary>The partition of a tenant's ledger version row, apart from the entries and the aggregates.</summary>
    private static string VersionPartition(string tenant) => TableKeys.Checked(tenant + "~ledger", "PartitionKey");

    private const string VersionRow = "version";

    /// <summary>
    /// Marks the tenant's ledger changed, after the change is written: its version row gets a new ETag, so no instance
    /// serves a page cached before it again.
    /// </summary>
    private static async Task TouchAsync(TableClient table, string tenant, CancellationToken cancellationToken) =>
        await table.UpsertEntityAsync(new TableEntity(VersionPartition(tenant), VersionRow), TableUpdateMode.Replace, cancellationToken);

    /// <summary>The ledger's version (its version row's ETag), or null before anything wrote one (then pages are not cached).</summary>
    private static async Task<string?> VersionAsync(TableClient table, string tenant, CancellationToken cancellationToken)
    {
        var row = await table.GetEntityIfExistsAsync<TableEntity>(VersionPartition(tenant), VersionRow, ["PartitionKey"], cancellationToken);
        return row.HasValue ? row.Value!.ETag.ToString() : null;
    }

    /// <summary>Whether the tenant's ledger still has rows in the legacy layout (one look per process once it has none).</summary>
    private async Task<bool> HasLegacyAsync(TableClient table, string tenant, CancellationToken cancellationToken)
    {
        if (_upgraded.ContainsKey(tenant))
        {
            return false;
        }

        await foreach (var page in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), maxPerPage: 1, select: ["PartitionKey"], cancellationToken: cancellationToken).AsPages())
        {
            if (page.Values.Count > 0)
            {
                return true;
            }

            if (page.ContinuationToken is null)
            {
                break;
            }
        }

        _upgraded[tenant] = true;
        return false;
    }

    /// <summary>The partition of a tenant's ledger aggregates: apart from its entries, so no listing ever reads it.</summary>
    public static string AggregatePartition(string tenant) => TableKeys.Checked(tenant + "~aggregates", "PartitionKey");

    /// <summary>Written after the other aggregate rows: its presence says the partition is complete.</summary>
    private const string AggregateMarker = "~complete";

    /// <summary>
    /// The tallies the summary shows, computed from the whole ledger by the run that wrote it (the run's merge sees every
    /// entry, a bucket at a time), so a summary request reads a row per (type, currency, contract) and per unresolved review
    /// finding instead of every open finding. PATCH keeps the tallies current (<see cref="AdjustAggregatesAsync"/>);
    /// the next run rewrites them in any case.
    /// </summary>
    public async Task SaveAggregatesAsync(string tenant, FindingAggregates aggregates, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var partition = AggregatePartition(tenant);
        var rows = aggregates.Open.Select(t => TallyEntity(partition, t))
            .Concat(aggregates.Review.Select(f => new TableEntity(partition, ReviewPrefix + f.Id) { ["Json"] = JsonSerializer.Serialize(f, ResultRepository.Json) }))
            .ToDictionary(e => e.RowKey, StringComparer.Ordinal);
        var stale = new List<TableEntity>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (e.RowKey != AggregateMarker && !rows.ContainsKey(e.RowKey))
            {
                stale.Add(e);
            }
        }

        await TableStore.SubmitAsync(table, rows.Values.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))
            .Concat(stale.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All))), cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(partition, AggregateMarker), TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The aggregates the latest run wrote; null for a ledger written before aggregates existed (read the ledger then).</summary>
    public async Task<FindingAggregates?> GetAggregatesAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var open = new List<FindingTally>();
        var review = new List<Finding>();
        var complete = false;
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {AggregatePartition(tenant)}"), cancellationToken: cancellationToken))
        {
            if (e.RowKey == AggregateMarker)
            {
                complete = true;
            }
            else if (e.RowKey.StartsWith(ReviewPrefix, StringComparison.Ordinal))
            {
                review.Add(JsonSerializer.Deserialize<Finding>(e.GetString("Json"), ResultRepository.Json)!);
            }
            else
            {
                open.Add(ReadTally(e));
            }
        }

        return complete ? new FindingAggregates(open, review) : null;
    }

    /// <summary>
    /// Moves one entry's contribution from its old state to its new one (a person's PATCH): the one tally row it
    /// counts in, at that row's ETag, reading again when someone else changed it meanwhile. Returns false when it gave
    /// up or there are no aggregates yet; the next run's rewrite then corrects the tallies.
    /// </summary>
    public async Task<bool> AdjustAggregatesAsync(string tenant, LedgerEntry before, LedgerEntry after, CancellationToken cancellationToken)
    {
        var delta = (before.Status == FindingStatus.Open ? -1 : 0) + (after.Status == FindingStatus.Open ? 1 : 0);
        if (delta == 0)
        {
            return true;
        }

        var table = await store.GetTableAsync(TableName, cancellationToken);
        var f = after.Finding;
        var partition = AggregatePartition(tenant);
        var key = TallyKey(f.Type, f.Currency, f.ContractId ?? string.Empty);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var marker = await table.GetEntityIfExistsAsync<TableEntity>(partition, AggregateMarker, cancellationToken: cancellationToken);
            if (!marker.HasValue)
            {
                return false;
            }

            var row = await table.GetEntityIfExistsAsync<TableEntity>(partition, key, cancellationToken: cancellationToken);
            var was = row.HasValue ? ReadTally(row.Value!) : new FindingTally(f.Type, f.Currency, f.ContractId ?? string.Empty, 0, 0m);
            var now = was with { Count = was.Count + delta, AnnualCost = was.AnnualCost + (delta * f.AnnualCost) };
            try
            {
                if (!row.HasValue)
                {
                    await table.AddEntityAsync(TallyEntity(partition, now), cancellationToken);
                }
                else if (now.Count <= 0)
                {
                    await table.DeleteEntityAsync(partition, key, row.Value!.ETag, cancellationToken);
                }
                else
                {
                    await table.UpdateEntityAsync(TallyEntity(partition, now), row.Value!.ETag, TableUpdateMode.Replace, cancellationToken);
                }

                return true;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // A run or another PATCH wrote meanwhile: adjust its version instead.
            }
        }

        return false;
    }

    private const string ReviewPrefix = "r|";

    private static string TallyKey(string type, string currency, string contractId) =>
        TableKeys.Checked($"t|{type}|{currency}|{contractId}", "RowKey");

    private static FindingTally ReadTally(TableEntity e) =>
        new(e.GetString("Type"), e.GetString("Currency"), e.GetString("ContractId") ?? string.Empty, e.GetInt32("Count") ?? 0, AmountFromKey(e.GetString("Amount")));

    private static TableEntity TallyEntity(string partition, FindingTally t) => new(partition, TallyKey(t.Type, t.Currency, t.ContractId))
    {
        ["Type"] = t.Type,
        ["Currency"] = t.Currency,
        ["ContractId"] = t.ContractId,
        ["Count"] = t.Count,
        // The money as the ledger's fixed-width text: decimals survive exactly (a Table double would not).
        ["Amount"] = CostKey(t.AnnualCost),
    };

    /// <summary>An entry as a row of the bucket layout.</summary>
    public static FindingEntity ToEntity(string tenant, LedgerEntry e) =>
        ToEntity(PartitionOf(tenant, e.Finding.Id), OrderKey(e.Finding.AnnualCost, e.Finding.Id), e);

    private static FindingEntity ToEntity(string partitionKey, string rowKey, LedgerEntry e) => new()
    {
        PartitionKey = partitionKey,
        RowKey = rowKey,
        Id = e.Finding.Id,
        Type = e.Finding.Type,
        Status = StatusName(e.Status),
        ContractId = e.Finding.ContractId,
        Currency = e.Finding.Currency,
        Json = JsonSerializer.Serialize(e, ResultRepository.Json),
    };

    public static string StatusName(FindingStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// annualCost as fixed-width text (16 integer digits, 4 decimals) so that text order is numeric order, which is
    /// what lets Table Storage filter on "at least" and the pager walk costs from the top.
    /// </summary>
    public static string CostKey(decimal amount) => Rounded(amount).ToString(CostFormat, CultureInfo.InvariantCulture);

    private const string CostFormat = "0000000000000000.0000";

    /// <summary>The largest amount the fixed-width text holds; contract limits keep real figures far below it.</summary>
    private const decimal MaxCost = 9999999999999999.9999m;

    private static decimal Rounded(decimal amount) => Math.Min(MaxCost, Math.Round(Math.Max(0, amount), 4, MidpointRounding.ToEven));

    [GeneratedRegex("^[0-9]{16}\\.[0-9]{4}_[0-9a-f]{32}$")]
    private static partial Regex OrderKeyPattern();

    public static decimal AmountFromKey(string key) => decimal.Parse(key, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static StoredFinding Read(FindingEntity e) =>
        new(JsonSerializer.Deserialize<LedgerEntry>(e.Json, ResultRepository.Json)!, e.ETag) { PartitionKey = e.PartitionKey, RowKey = e.RowKey };
}

/// <summary>A ledger entry as read: the ETag to write it back at, and where it is (a run may move it when its cost changes).</summary>
public sealed record StoredFinding(LedgerEntry Entry, ETag ETag)
{
    public string PartitionKey { get; init; } = string.Empty;

    public string RowKey { get; init; } = string.Empty;
}

/// <summary>What a run's merge did to the ledger: entries not resolved after it, and entries per change.</summary>
public sealed record LedgerMergeTotals(int Open, IReadOnlyDictionary<LedgerChange, int> Changes)
{
    public int Count(LedgerChange change) => Changes.GetValueOrDefault(change);
}

public sealed record FindingTally(string Type, string Currency, string ContractId, int Count, decimal AnnualCost);

/// <summary>The API's findings filters; every value reaches the OData filter through <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/>.</summary>
public sealed record FindingFilter(string? Type, string? Status, string? ContractId, decimal? MinAnnualCost)
{
    /// <summary>
    /// The filter over one ledger partition's rows, after the order key <paramref name="after"/>: the minimum cost is
    /// a bound on the key (keys grow as cost falls), the rest are columns.
    /// </summary>
    public string Conditions(string? after)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"RowKey gt {after ?? string.Empty}") };
        if (MinAnnualCost is { } min)
        {
            // Every key of a cost at least min sorts before the min's own cost text followed by '`' (after '_').
            parts.Add(TableClient.CreateQueryFilter($"RowKey lt {FindingRepository.OrderKey(min, string.Empty)[..^1] + "`"}"));
        }

        if (Type is not null)
        {
            parts.Add(FindingEntity.TypeColumn + TableClient.CreateQueryFilter($" eq {Type}"));
        }

        if (Status is not null)
        {
            parts.Add(FindingEntity.StatusColumn + TableClient.CreateQueryFilter($" eq {Status}"));
        }

        if (ContractId is not null)
        {
            parts.Add(FindingEntity.ContractIdColumn + TableClient.CreateQueryFilter($" eq {ContractId}"));
        }

        return string.Join(" and ", parts);
    }

    /// <summary>The same filter over an entry in memory (a legacy ledger's pages).</summary>
    public bool Matches(LedgerEntry entry) =>
        (Type is null || entry.Finding.Type == Type) &&
        (Status is null || FindingRepository.StatusName(entry.Status) == Status) &&
        (ContractId is null || entry.Finding.ContractId == ContractId) &&
        (MinAnnualCost is not { } min || string.CompareOrdinal(FindingRepository.CostKey(entry.Finding.AnnualCost), FindingRepository.CostKey(min)) >= 0);
}

/// <summary>
/// What the summary needs from the ledger, kept as rows of one partition: open findings tallied by type, currency and contract,
/// and the unresolved review findings (one per renewal, category or app, so few) whose evidence the headlines read.
/// </summary>
public sealed record FindingAggregates(IReadOnlyList<FindingTally> Open, IReadOnlyList<Finding> Review)
{
    /// <summary>The aggregates of a whole ledger, in one pass.</summary>
    public static FindingAggregates From(IEnumerable<LedgerEntry> ledger)
    {
        var builder = new Builder();
        foreach (var entry in ledger)
        {
            builder.Add(entry);
        }

        return builder.Build();
    }

    /// <summary>Aggregates built entry by entry, so a ledger merged a bucket at a time never has to be in memory whole.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<(string Type, string Currency, string ContractId), (int Count, decimal Amount)> _open = [];

        private readonly List<Finding> _review = [];

        public void Add(LedgerEntry entry)
        {
            var f = entry.Finding;
            if (entry.Status == FindingStatus.Open)
            {
                var key = (f.Type, f.Currency, f.ContractId ?? string.Empty);
                var was = _open.GetValueOrDefault(key);
                _open[key] = (was.Count + 1, was.Amount + f.AnnualCost);
            }

            if (MoneyKinds.Of(f.Type) == MoneyKinds.Review && entry.Status != FindingStatus.Resolved)
            {
                _review.Add(f);
            }
        }

        public FindingAggregates Build() =>
            new([.. _open.Select(t => new FindingTally(t.Key.Type, t.Key.Currency, t.Key.ContractId, t.Value.Count, t.Value.Amount))], [.. _review]);
    }
}
