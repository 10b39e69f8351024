using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Contracts;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Contracts;

public sealed record StoredContract(Contract Contract, string ETag);

public sealed record ContractPage(IReadOnlyList<StoredContract> Items, string? ContinuationToken);

public sealed record ImportCounts(int Created, int Updated, int Deleted, int Unchanged);

/// <summary>The contract register in table Contracts: one partition per tenant, optimistic concurrency by ETag.</summary>
public sealed class ContractRepository(TableStore store)
{
    public const string TableName = "Contracts";

    public async Task<StoredContract?> GetAsync(string tenant, string id, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var response = await table.GetEntityIfExistsAsync<ContractEntity>(tenant, TableKeys.Checked(id, "contract id"), cancellationToken: cancellationToken);
        return response.HasValue ? Stored(response.Value!) : null;
    }

    /// <param name="continuationToken">A token from a previous page (already unwrapped), or null.</param>
    public async Task<ContractPage> ListAsync(string tenant, string? vendor, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var filter = vendor is null
            ? TableClient.CreateQueryFilter($"PartitionKey eq {tenant}")
            : TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and Vendor eq {vendor}");
        await foreach (var page in table.QueryAsync<ContractEntity>(filter, top, cancellationToken: cancellationToken).AsPages(continuationToken, top))
        {
            return new ContractPage([.. page.Values.Select(Stored)], page.ContinuationToken);
        }

        return new ContractPage([], null);
    }

    /// <summary>Every contract of the tenant (the register is small: hundreds of rows, not millions).</summary>
    public async Task<IReadOnlyList<Contract>> ListAllAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var all = new List<Contract>();
        await foreach (var entity in table.QueryAsync<ContractEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), cancellationToken: cancellationToken))
        {
            all.Add(entity.ToContract());
        }

        return all;
    }

    public async Task<(WriteOutcome Outcome, string? ETag)> AddAsync(string tenant, Contract contract, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var entity = ContractEntity.From(tenant, contract);
        EntityGuard.Check(entity);
        try
        {
            var response = await table.AddEntityAsync(entity, cancellationToken);
            return (WriteOutcome.Done, response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            return (WriteOutcome.Conflict, null);
        }
    }

    /// <param name="ifMatch">The ETag the caller last read, or <c>*</c> to overwrite unconditionally.</param>
    public async Task<(WriteOutcome Outcome, string? ETag)> ReplaceAsync(string tenant, Contract contract, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        return await TableETags.ReplaceAsync(table, ContractEntity.From(tenant, contract), ifMatch, cancellationToken);
    }

    public async Task<WriteOutcome> DeleteAsync(string tenant, string id, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        if (!(await table.GetEntityIfExistsAsync<ContractEntity>(tenant, TableKeys.Checked(id, "contract id"), ["PartitionKey"], cancellationToken)).HasValue)
        {
            return WriteOutcome.NotFound;
        }

        try
        {
            if (TableETags.Parse(ifMatch) is not { } etag)
            {
                return (await table.GetEntityIfExistsAsync<TableEntity>(tenant, id, ["PartitionKey"], cancellationToken)).HasValue
                    ? WriteOutcome.PreconditionFailed
                    : WriteOutcome.NotFound;
            }

            await table.DeleteEntityAsync(tenant, id, etag, cancellationToken);
            return WriteOutcome.Done;
        }
        catch (RequestFailedException ex) when (TableETags.IsMismatch(ex))
        {
            return WriteOutcome.PreconditionFailed;
        }
    }

    /// <summary>
    /// Writes an already validated file: new ids are created, changed ones replaced, identical ones left alone;
    /// with <paramref name="replace"/> the contracts missing from the file are deleted. Batches of 100 per
    /// transaction (one partition per tenant); the file was validated whole before this is called.
    /// </summary>
    public async Task<ImportCounts> ImportAsync(string tenant, IReadOnlyList<Contract> contracts, bool replace, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var existing = new Dictionary<string, Contract>(StringComparer.Ordinal);
        await foreach (var entity in table.QueryAsync<ContractEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), cancellationToken: cancellationToken))
        {
            existing[entity.RowKey] = entity.ToContract();
        }

        int created = 0, updated = 0, unchanged = 0;
        var actions = new List<TableTransactionAction>();
        foreach (var contract in contracts)
        {
            if (!existing.TryGetValue(contract.Id, out var before))
            {
                created++;
            }
            else if (Same(before, contract))
            {
                unchanged++;
                continue;
            }
            else
            {
                updated++;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, ContractEntity.From(tenant, contract)));
        }

        var deleted = 0;
        if (replace)
        {
            var keep = contracts.Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            foreach (var id in existing.Keys.Where(id => !keep.Contains(id)))
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(tenant, id), ETag.All));
                deleted++;
            }
        }

        await TableStore.SubmitAsync(table, actions, cancellationToken);
        return new ImportCounts(created, updated, deleted, unchanged);
    }

    public static bool Same(Contract a, Contract b) =>
        JsonSerializer.Serialize(ContractDraft.From(a)) == JsonSerializer.Serialize(ContractDraft.From(b));


    private static StoredContract Stored(ContractEntity entity) => new(entity.ToContract(), entity.ETag.ToString());
}
