using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// Table Findings: the ledger, PartitionKey tenant, RowKey finding id; the entry as JSON plus the columns the API
/// filters and sorts on (Type, Status, ContractId, Currency, AnnualCostKey).
/// </summary>
public sealed class FindingRepository(TableStore store)
{
    public const string TableName = "Findings";

    /// <summary>How many cost keys a cursor carries; past that the next page looks them up again (keeps tokens short).</summary>
    private const int CursorKeys = 16;

    /// <summary>Every entry of a tenant's ledger with the ETag it was read at, so the run's merge never overwrites a change made meanwhile.</summary>
    public async Task<IReadOnlyList<StoredFinding>> ListAllAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var entries = new List<StoredFinding>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), select: ["Json"], cancellationToken: cancellationToken))
        {
            entries.Add(Read(e));
        }

        return entries;
    }

    public async Task<StoredFinding?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(tenant, id, ["Json"], cancellationToken);
        return response.HasValue ? Read(response.Value!) : null;
    }

    /// <summary>A person's status change: replaces the entry only if it still has the ETag they read.</summary>
    public async Task<(WriteOutcome Outcome, string? ETag)> ReplaceAsync(string tenant, LedgerEntry entry, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        return await TableETags.ReplaceAsync(table, ToEntity(tenant, entry), ifMatch, cancellationToken);
    }

    /// <summary>
    /// Saves a run's merge in batches of 100: entries read before are replaced only at the ETag they were read at
    /// (a status set through the API meanwhile fails the batch, and the retried activity merges again from the
    /// fresh ledger); entries never stored before are inserted.
    /// </summary>
    public async Task<int> SaveAsync(string tenant, IEnumerable<(LedgerEntry Entry, ETag ETag)> changed, IEnumerable<LedgerEntry> created, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var actions = changed.Select(c => new TableTransactionAction(TableTransactionActionType.UpdateReplace, ToEntity(tenant, c.Entry), c.ETag));
        return await TableStore.SubmitAsync(table, actions, cancellationToken) +
            await TableStore.InsertOrReplaceAsync(table, created.Select(e => ToEntity(tenant, e)), cancellationToken);
    }

    /// <summary>
    /// Records that a Teams alert announced these findings. Each entry is replaced at the ETag it was read at; one
    /// changed meanwhile (a status set through the API) is read again and marked on its fresh copy.
    /// </summary>
    public async Task<int> MarkAlertedAsync(string tenant, IReadOnlyList<StoredFinding> entries, DateTimeOffset alertedAt, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var marked = 0;
        foreach (var chunk in entries.Chunk(TableStore.MaxBatch))
        {
            try
            {
                marked += await TableStore.SubmitAsync(table, chunk.Select(s => new TableTransactionAction(
                    TableTransactionActionType.UpdateReplace, ToEntity(tenant, s.Entry with { AlertedAt = alertedAt }), s.ETag)), cancellationToken) > 0 ? chunk.Length : 0;
                continue;
            }
            catch (RequestFailedException ex) when (ex.Status == 412)
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
                        await table.UpdateEntityAsync(ToEntity(tenant, current.Entry with { AlertedAt = alertedAt }), current.ETag, TableUpdateMode.Replace, cancellationToken);
                        marked++;
                        break;
                    }
                    catch (RequestFailedException ex) when (ex.Status == 412)
                    {
                        current = await GetAsync(tenant, stored.Entry.Finding.Id, cancellationToken);
                    }
                }
            }
        }

        return marked;
    }

    /// <summary>
    /// One page of the ledger in the API's order, annualCost descending then id. Table Storage only orders by key,
    /// so pages walk the distinct cost values from the top, each value's rows in key order; memory stays at one
    /// page whatever the ledger's size.
    /// </summary>
    public async Task<(IReadOnlyList<StoredFinding> Items, FindingCursor? Next)> PageAsync(string tenant, FindingFilter filter, int top, FindingCursor? cursor, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var baseFilter = filter.ToODataFilter(tenant);
        var keys = new Queue<string>(cursor?.Keys ?? []);
        var after = cursor?.After;
        var below = cursor?.Below;
        var exhaustedKeys = cursor is not null && cursor.Below is null;
        var items = new List<StoredFinding>(Math.Min(top, 1000));
        while (items.Count < top)
        {
            if (keys.Count == 0)
            {
                if (exhaustedKeys)
                {
                    break;
                }

                var found = await DistinctKeysAsync(table, baseFilter, below, cancellationToken);
                foreach (var key in found.Take(CursorKeys))
                {
                    keys.Enqueue(key);
                }

                // More keys than the cursor carries: the next lookup starts below the last one kept.
                below = found.Count > CursorKeys ? found[CursorKeys - 1] : null;
                exhaustedKeys = below is null;
                after = null;
                if (keys.Count == 0)
                {
                    break;
                }
            }

            var current = keys.Peek();
            var need = top - items.Count;
            var query = $"{baseFilter} and " + (after is null
                ? TableClient.CreateQueryFilter($"AnnualCostKey eq {current}")
                : TableClient.CreateQueryFilter($"AnnualCostKey eq {current} and RowKey gt {after}"));
            var taken = 0;
            var more = false;
            // RowKey must be selected: with $select, storage returns only the columns named, and the cursor needs it.
            await foreach (var e in table.QueryAsync<TableEntity>(query, maxPerPage: Math.Min(need + 1, 1000), select: ["RowKey", "Json"], cancellationToken: cancellationToken))
            {
                if (taken == need)
                {
                    more = true;
                    break;
                }

                items.Add(Read(e));
                after = e.RowKey;
                taken++;
            }

            if (!more)
            {
                keys.Dequeue();
                after = null;
            }
        }

        var done = keys.Count == 0 && exhaustedKeys;
        return (items, done ? null : new FindingCursor([.. keys], after, below));
    }

    /// <summary>Every cost value present under the filter (below <paramref name="below"/> when given), highest first.</summary>
    private static async Task<List<string>> DistinctKeysAsync(TableClient table, string baseFilter, string? below, CancellationToken cancellationToken)
    {
        var query = below is null ? baseFilter : $"{baseFilter} and " + TableClient.CreateQueryFilter($"AnnualCostKey lt {below}");
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var e in table.QueryAsync<TableEntity>(query, maxPerPage: 1000, select: ["AnnualCostKey"], cancellationToken: cancellationToken))
        {
            keys.Add(e.GetString("AnnualCostKey"));
        }

        return [.. keys.Reverse()];
    }

    /// <summary>Open-finding counts and money per type and currency, from the index columns only (no JSON read).</summary>
    /// <summary>
    /// Unresolved findings of the given types (review findings: one per renewal, category or app, so few), read
    /// with their evidence; the summary needs the contracts they name.
    /// </summary>
    public async Task<IReadOnlyList<Finding>> ListUnresolvedAsync(string tenant, IReadOnlyCollection<string> types, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var typeFilter = string.Join(" or ", types.Select(t => TableClient.CreateQueryFilter($"Type eq {t}")));
        var filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and Status ne {StatusName(FindingStatus.Resolved)}")} and ({typeFilter})";
        var found = new List<Finding>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter, select: ["Json"], cancellationToken: cancellationToken))
        {
            found.Add(JsonSerializer.Deserialize<LedgerEntry>(e.GetString("Json"), ResultRepository.Json)!.Finding);
        }

        return found;
    }

    public async Task<IReadOnlyList<FindingTally>> TallyAsync(string tenant, FindingFilter filter, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var tally = new Dictionary<(string Type, string Currency, string ContractId), (int Count, decimal Amount)>();
        await foreach (var e in table.QueryAsync<TableEntity>(filter.ToODataFilter(tenant), maxPerPage: 1000, select: ["Type", "Currency", "ContractId", "AnnualCostKey"], cancellationToken: cancellationToken))
        {
            var key = (e.GetString("Type"), e.GetString("Currency"), e.GetString("ContractId") ?? string.Empty);
            tally.TryGetValue(key, out var sum);
            tally[key] = (sum.Count + 1, sum.Amount + AmountFromKey(e.GetString("AnnualCostKey")));
        }

        return [.. tally.Select(t => new FindingTally(t.Key.Type, t.Key.Currency, t.Key.ContractId, t.Value.Count, t.Value.Amount))];
    }

    /// <summary>The partition of a tenant's ledger aggregates: apart from its entries, so no listing ever reads it.</summary>
    public static string AggregatePartition(string tenant) => TableKeys.Checked(tenant + "~aggregates", "PartitionKey");

    /// <summary>Written after the other aggregate rows: its presence says the partition is complete.</summary>
    private const string AggregateMarker = "~complete";

    /// <summary>
    /// The tallies the summary shows, computed from the whole ledger by the run that wrote it (the run's merge has every
    /// entry in memory), so a summary request reads a row per (type, currency, contract) and per unresolved review
    /// finding instead of every open finding. PATCH keeps the tallies current (<see cref="AdjustAggregatesAsync"/>);
    /// the next run rewrites them in any case.
    /// </summary>
    public async Task SaveAggregatesAsync(string tenant, IEnumerable<LedgerEntry> ledger, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var partition = AggregatePartition(tenant);
        var aggregates = FindingAggregates.From(ledger);
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

    public static TableEntity ToEntity(string tenant, LedgerEntry e) => new(tenant, e.Finding.Id)
    {
        ["Type"] = e.Finding.Type,
        ["Status"] = StatusName(e.Status),
        ["ContractId"] = e.Finding.ContractId,
        ["AnnualCostKey"] = CostKey(e.Finding.AnnualCost),
        ["Currency"] = e.Finding.Currency,
        ["Json"] = JsonSerializer.Serialize(e, ResultRepository.Json),
    };

    public static string StatusName(FindingStatus status) => status.ToString().ToLowerInvariant();

    /// <summary>
    /// annualCost as fixed-width text (16 integer digits, 4 decimals) so that text order is numeric order, which is
    /// what lets Table Storage filter on "at least" and the pager walk costs from the top.
    /// </summary>
    public static string CostKey(decimal amount) =>
        Math.Round(Math.Max(0, amount), 4, MidpointRounding.ToEven).ToString("0000000000000000.0000", CultureInfo.InvariantCulture);

    public static decimal AmountFromKey(string key) => decimal.Parse(key, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    private static StoredFinding Read(TableEntity e) => new(JsonSerializer.Deserialize<LedgerEntry>(e.GetString("Json"), ResultRepository.Json)!, e.ETag);
}

public sealed record StoredFinding(LedgerEntry Entry, ETag ETag);

/// <summary>Where a findings listing stopped: cost keys still to walk, the last id read within the first, and where the next key lookup starts.</summary>
public sealed record FindingCursor(IReadOnlyList<string> Keys, string? After, string? Below);

public sealed record FindingTally(string Type, string Currency, string ContractId, int Count, decimal AnnualCost);

/// <summary>The API's findings filters; every value reaches the OData filter through <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/>.</summary>
public sealed record FindingFilter(string? Type, string? Status, string? ContractId, decimal? MinAnnualCost)
{
    public string ToODataFilter(string tenant)
    {
        var parts = new List<string> { TableClient.CreateQueryFilter($"PartitionKey eq {tenant}") };
        if (Type is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Type eq {Type}"));
        }

        if (Status is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Status eq {Status}"));
        }

        if (ContractId is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"ContractId eq {ContractId}"));
        }

        if (MinAnnualCost is { } min)
        {
            parts.Add(TableClient.CreateQueryFilter($"AnnualCostKey ge {FindingRepository.CostKey(min)}"));
        }

        return string.Join(" and ", parts);
    }
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
        var open = new Dictionary<(string Type, string Currency, string ContractId), (int Count, decimal Amount)>();
        var review = new List<Finding>();
        foreach (var entry in ledger)
        {
            var f = entry.Finding;
            if (entry.Status == FindingStatus.Open)
            {
                var key = (f.Type, f.Currency, f.ContractId ?? string.Empty);
                var was = open.GetValueOrDefault(key);
                open[key] = (was.Count + 1, was.Amount + f.AnnualCost);
            }

            if (MoneyKinds.Of(f.Type) == MoneyKinds.Review && entry.Status != FindingStatus.Resolved)
            {
                review.Add(f);
            }
        }

        return new FindingAggregates([.. open.Select(t => new FindingTally(t.Key.Type, t.Key.Currency, t.Key.ContractId, t.Value.Count, t.Value.Amount))], review);
    }
}
