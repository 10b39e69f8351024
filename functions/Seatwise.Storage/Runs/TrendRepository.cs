using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>A row of table Trends: one contract's position as of the latest completed run of a month.</summary>
public sealed class TrendEntity : ITableEntity
{
    /// <summary>The tenant.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary><c>{yyyy-MM}_{contractId}</c>: a tenant's months in order, each month's contracts together.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary><c>yyyy-MM</c>.</summary>
    public string Month { get; set; } = string.Empty;

    public string ContractId { get; set; } = string.Empty;

    /// <summary>The run the month's figures come from.</summary>
    public string RunId { get; set; } = string.Empty;

    /// <summary>The position, as JSON.</summary>
    public string Json { get; set; } = string.Empty;
}

/// <summary>One contract's figures of one month.</summary>
public sealed record TrendPoint(DateOnly Month, string RunId, Position Position);

/// <summary>
/// Table Trends: the monthly history per contract, kept apart from the runs' rows so run retention
/// (<c>Retention__Runs</c>) never removes it; its own retention is <c>Retention__TrendMonths</c>. A tenant's
/// history is one partition (36 months × a few hundred contracts is a few thousand rows).
/// </summary>
public sealed class TrendRepository(TableStore store)
{
    public const string TableName = "Trends";

    /// <summary>
    /// Records a completed run's positions as its month's figures: the month's rows are replaced, so the month shows
    /// its latest run (a contract the run did not reconcile drops out of the month).
    /// </summary>
    public async Task SaveMonthAsync(string tenant, DateOnly month, string runId, IEnumerable<Position> positions, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var key = Months.Text(month);
        var rows = positions.Select(p => new TrendEntity
        {
            PartitionKey = TableKeys.Checked(tenant, "PartitionKey"),
            RowKey = TableKeys.Checked($"{key}_{p.ContractId}", "RowKey"),
            Month = key,
            ContractId = p.ContractId,
            RunId = runId,
            Json = JsonSerializer.Serialize(p, ResultRepository.Json),
        }).ToDictionary(r => r.RowKey, StringComparer.Ordinal);
        var stale = new List<TrendEntity>();
        await foreach (var e in table.QueryAsync<TrendEntity>(MonthFilter(tenant, key, key), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            if (!rows.ContainsKey(e.RowKey))
            {
                stale.Add(e);
            }
        }

        await TableStore.SubmitAsync(table, rows.Values.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r))
            .Concat(stale.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All))), cancellationToken);
    }

    /// <summary>The months from <paramref name="from"/> on, oldest first, each month's contracts in id order.</summary>
    public async Task<IReadOnlyList<TrendPoint>> ListAsync(string tenant, DateOnly from, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var points = new List<TrendPoint>();
        await foreach (var e in table.QueryAsync<TrendEntity>(MonthFilter(tenant, Months.Text(from), "9999-99"), cancellationToken: cancellationToken))
        {
            points.Add(new TrendPoint(Months.Parse(e.Month), e.RunId, JsonSerializer.Deserialize<Position>(e.Json, ResultRepository.Json)!));
        }

        return points;
    }

    /// <summary>Removes the months before <paramref name="keepFrom"/>; returns how many rows went.</summary>
    public async Task<int> DeleteBeforeAsync(string tenant, DateOnly keepFrom, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var old = new List<TrendEntity>();
        await foreach (var e in table.QueryAsync<TrendEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey lt {Months.Text(keepFrom)}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            old.Add(e);
        }

        await TableStore.SubmitAsync(table, old.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), cancellationToken);
        return old.Count;
    }

    /// <summary>The rows of months <paramref name="first"/> to <paramref name="last"/> (keys sort by month; '`' follows '_').</summary>
    private static string MonthFilter(string tenant, string first, string last) =>
        TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey ge {first + "_"} and RowKey lt {last + "`"}");
}
