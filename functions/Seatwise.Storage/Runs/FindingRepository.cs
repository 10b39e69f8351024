using System.Text.Json;
using Azure.Data.Tables;
using Seatwise.Core.Findings;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// Table Findings: the ledger, PartitionKey tenant, RowKey finding id; the entry as JSON plus the columns the API
/// filters on (Type, Status, ContractId, AnnualCostValue).
/// </summary>
public sealed class FindingRepository(TableStore store)
{
    public const string TableName = "Findings";

    public async Task<IReadOnlyList<LedgerEntry>> ListAllAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var entries = new List<LedgerEntry>();
        await foreach (var e in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), select: ["Json"], cancellationToken: cancellationToken))
        {
            entries.Add(JsonSerializer.Deserialize<LedgerEntry>(e.GetString("Json"), ResultRepository.Json)!);
        }

        return entries;
    }

    /// <summary>Upserts changed entries in batches of 100 (one tenant, one partition); entries never stored before are inserted.</summary>
    public async Task<int> SaveAsync(string tenant, IEnumerable<LedgerEntry> changed, IEnumerable<LedgerEntry> created, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var actions = changed.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, ToEntity(tenant, e)));
        return await TableStore.SubmitAsync(table, actions, cancellationToken) +
            await TableStore.InsertOrReplaceAsync(table, created.Select(e => ToEntity(tenant, e)), cancellationToken);
    }

    public static TableEntity ToEntity(string tenant, LedgerEntry e) => new(tenant, e.Finding.Id)
    {
        ["Type"] = e.Finding.Type,
        ["Status"] = e.Status.ToString().ToLowerInvariant(),
        ["ContractId"] = e.Finding.ContractId,
        ["AnnualCostValue"] = (double)e.Finding.AnnualCost,
        ["Currency"] = e.Finding.Currency,
        ["Json"] = JsonSerializer.Serialize(e, ResultRepository.Json),
    };
}
