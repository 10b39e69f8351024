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
/// (<c>{tenant}_{runId}_{contractId}</c> / identity hash), Apps (<c>{tenant}_{runId}</c> / appId) and the run's raw
/// findings before the ledger merge (RunFindings, <c>{tenant}_{runId}</c> / findingId). Writes are upserts, so a
/// retried activity overwrites its own rows instead of duplicating them.
/// </summary>
public sealed class ResultRepository(TableStore store)
{
    public const string Positions = "Positions";
    public const string Seats = "Seats";
    public const string Apps = "Apps";
    public const string RunFindings = "RunFindings";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static string RunPartition(string tenant, string runId) => TableKeys.Partition(tenant, runId);

    public static string SeatPartition(string tenant, string runId, string contractId) => TableKeys.Partition(tenant, runId, contractId);

    /// <summary>Seat rows are keyed by a hash: identity keys hold characters Table Storage forbids in keys.</summary>
    public static string SeatRowKey(SeatLine line) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{line.IdentityKey}|{line.ProductKey}|{line.AccountId}")))[..32];

    public async Task SavePositionAsync(string tenant, string runId, Position position, string status, string? snapshotRunId, DateTimeOffset? snapshotCollectedAt, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Positions, cancellationToken);
        var entity = new TableEntity(RunPartition(tenant, runId), position.ContractId)
        {
            ["Vendor"] = position.Vendor,
            ["Status"] = status,
            ["SnapshotRunId"] = snapshotRunId,
            ["SnapshotCollectedAt"] = snapshotCollectedAt,
            ["Json"] = JsonSerializer.Serialize(position, Json),
        };
        EntityGuard.Check(entity);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<IReadOnlyList<StoredPosition>> ListPositionsAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Positions, cancellationToken);
        var positions = new List<StoredPosition>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}"), cancellationToken: cancellationToken))
        {
            positions.Add(new StoredPosition(JsonSerializer.Deserialize<Position>(e.GetString("Json"), Json)!, e.GetString("Status"), e.GetString("SnapshotRunId"), e.GetDateTimeOffset("SnapshotCollectedAt")));
        }

        return positions;
    }

    /// <summary>Writes seat lines in transactions of 100 of one partition; returns the transactions sent.</summary>
    public async Task<int> SaveSeatsAsync(string tenant, string runId, IReadOnlyList<SeatLine> lines, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Seats, cancellationToken);
        var rows = lines.Select(l => new TableEntity(SeatPartition(tenant, runId, l.ContractId), SeatRowKey(l))
        {
            ["Source"] = l.Source,
            ["AccountId"] = l.AccountId,
            ["IdentityKey"] = l.IdentityKey,
            ["DisplayName"] = l.DisplayName,
            ["ProductKey"] = l.ProductKey,
            ["Status"] = l.Status.ToName(),
            ["LastActivity"] = l.LastActivity,
            ["AssignedAt"] = l.AssignedAt,
            ["CreatedAt"] = l.CreatedAt,
            ["Enabled"] = l.Enabled,
            ["EntraEnabled"] = l.EntraEnabled,
        }.WithUsage(l.Usage));
        return await TableStore.InsertOrReplaceAsync(table, rows, cancellationToken);
    }

    /// <summary>A contract's seat lines in a run, optionally of one status, streamed page by page.</summary>
    public async IAsyncEnumerable<TableEntity> ReadSeatsAsync(string tenant, string runId, string contractId, string? status, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Seats, cancellationToken);
        await foreach (var e in table.QueryAsync<TableEntity>(SeatFilter(tenant, runId, contractId, status), maxPerPage: 1000, cancellationToken: cancellationToken))
        {
            yield return e;
        }
    }

    public async Task<(IReadOnlyList<TableEntity> Items, string? ContinuationToken)> PageSeatsAsync(string tenant, string runId, string contractId, string? status, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Seats, cancellationToken);
        return await FirstPageAsync(table, SeatFilter(tenant, runId, contractId, status), top, continuationToken, cancellationToken);
    }

    public async Task<(IReadOnlyList<TableEntity> Items, string? ContinuationToken)> PageAppsAsync(string tenant, string runId, string? category, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(Apps, cancellationToken);
        var filter = category is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)} and Category eq {category}");
        return await FirstPageAsync(table, filter, top, continuationToken, cancellationToken);
    }

    private static string SeatFilter(string tenant, string runId, string contractId, string? status) => status is null
        ? TableClient.CreateQueryFilter($"PartitionKey eq {SeatPartition(tenant, runId, contractId)}")
        : TableClient.CreateQueryFilter($"PartitionKey eq {SeatPartition(tenant, runId, contractId)} and Status eq {status}");

    /// <summary>
    /// Up to <paramref name="top"/> rows from where the token points. A filtered scan may answer a short page with a
    /// token, so pages are read until full; the token returned points after the last row handed out.
    /// </summary>
    private static async Task<(IReadOnlyList<TableEntity> Items, string? ContinuationToken)> FirstPageAsync(TableClient table, string filter, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var items = new List<TableEntity>(top);
        var token = continuationToken;
        do
        {
            var pages = table.QueryAsync<TableEntity>(filter, top - items.Count, cancellationToken: cancellationToken).AsPages(token, top - items.Count);
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
        var actions = apps.Select(a => new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(RunPartition(tenant, runId), TableKeys.Checked(a.App.AppId, "appId"))
        {
            ["DisplayName"] = a.App.DisplayName,
            ["Publisher"] = a.App.PublisherName,
            ["Enabled"] = a.App.Enabled,
            ["Category"] = a.Category,
            ["ContractId"] = a.ContractId,
            ["Allowed"] = a.Allowed,
            ["LastSignInAt"] = a.App.LastSignInAt,
        }));
        await TableStore.SubmitAsync(table, actions, cancellationToken);
    }

    /// <summary>A run's raw findings, one row each, before CompleteRun merges them into the ledger.</summary>
    public async Task SaveRunFindingsAsync(string tenant, string runId, IEnumerable<Finding> findings, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(RunFindings, cancellationToken);
        var rows = findings.Select(f => new TableEntity(RunPartition(tenant, runId), f.Id)
        {
            ["ContractId"] = f.ContractId,
            ["Json"] = JsonSerializer.Serialize(f, Json),
        });
        await TableStore.InsertOrReplaceAsync(table, rows, cancellationToken);
    }

    public async IAsyncEnumerable<Finding> ReadRunFindingsAsync(string tenant, string runId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(RunFindings, cancellationToken);
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {RunPartition(tenant, runId)}"), select: ["Json"], cancellationToken: cancellationToken))
        {
            yield return JsonSerializer.Deserialize<Finding>(e.GetString("Json"), Json)!;
        }
    }

    /// <summary>Retention: removes every row a run wrote (positions, seat lines, apps, raw findings).</summary>
    public async Task<int> DeleteRunAsync(string tenant, string runId, IEnumerable<string> contractIds, CancellationToken cancellationToken)
    {
        var deleted = 0;
        var partitions = new List<(string Table, string Partition)>
        {
            (Positions, RunPartition(tenant, runId)), (Apps, RunPartition(tenant, runId)), (RunFindings, RunPartition(tenant, runId)),
        };
        partitions.AddRange(contractIds.Select(id => (Seats, SeatPartition(tenant, runId, id))));
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

/// <summary>A seat line's per-workload dates (Microsoft usage reports): one column per workload, absent when unknown.</summary>
public static class SeatUsageColumns
{
    public static string Column(string workload) => "Usage" + char.ToUpperInvariant(workload[0]) + workload[1..];

    public static TableEntity WithUsage(this TableEntity entity, IReadOnlyDictionary<string, DateTimeOffset>? usage)
    {
        foreach (var (workload, date) in usage ?? new Dictionary<string, DateTimeOffset>())
        {
            entity[Column(workload)] = date;
        }

        return entity;
    }

    /// <summary>The dates a seat-line row holds, by workload; null when it holds none.</summary>
    public static IReadOnlyDictionary<string, DateTimeOffset>? Read(TableEntity entity)
    {
        Dictionary<string, DateTimeOffset>? usage = null;
        foreach (var workload in Seatwise.Core.Usage.Workloads.All)
        {
            if (entity.GetDateTimeOffset(Column(workload)) is { } date)
            {
                (usage ??= new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal))[workload] = date;
            }
        }

        return usage;
    }
}
