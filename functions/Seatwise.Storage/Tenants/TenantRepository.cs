using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Tenants;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Tenants;

/// <summary>A row of table Tenants: one tenant's record as JSON.</summary>
public sealed class TenantEntity : ITableEntity
{
    /// <summary>Always <see cref="TenantRepository.Partition"/>: the registry is small and read whole.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The tenant id.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public bool Enabled { get; set; }

    public string Json { get; set; } = string.Empty;

    public static TenantEntity From(TenantRecord tenant) => new()
    {
        PartitionKey = TenantRepository.Partition,
        RowKey = TableKeys.Checked(tenant.Id, "tenant id"),
        Enabled = tenant.Enabled,
        Json = JsonSerializer.Serialize(tenant with { IsDefault = false }, ResultRepository.Json),
    };

    public TenantRecord ToRecord() => JsonSerializer.Deserialize<TenantRecord>(Json, ResultRepository.Json)!;
}

public sealed record StoredTenant(TenantRecord Tenant, string ETag);

/// <summary>
/// Table Tenants: the registry of the tenants a deployment serves besides its default one (the single-tenant
/// settings, never stored). One partition: a registry of even a thousand tenants is read in ten round trips.
/// </summary>
public sealed class TenantRepository(TableStore store)
{
    public const string TableName = "Tenants";
    public const string Partition = "tenants";

    /// <summary>
    /// Tenant keys' hashes, one row per tenant beside the records (so issuing a key never changes a record's ETag,
    /// and a record's JSON never carries one).
    /// </summary>
    public const string KeyPartition = "keys";

    /// <summary>Stores the SHA-256 hash (hex) of the tenant's key, replacing the earlier one (which stops working).</summary>
    public async Task SetKeyHashAsync(string id, string hash, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        await table.UpsertEntityAsync(new TableEntity(KeyPartition, TableKeys.Checked(id, "tenant id")) { ["Hash"] = hash }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<string?> GetKeyHashAsync(string id, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TableEntity>(KeyPartition, TableKeys.Checked(id, "tenant id"), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value?.GetString("Hash") : null;
    }

    public async Task<IReadOnlyList<StoredTenant>> ListAsync(CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var tenants = new List<StoredTenant>();
        await foreach (var e in table.QueryAsync<TenantEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            tenants.Add(new StoredTenant(e.ToRecord(), e.ETag.ToString()));
        }

        return [.. tenants.OrderBy(t => t.Tenant.Id, StringComparer.Ordinal)];
    }

    public async Task<StoredTenant?> GetAsync(string id, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var row = await table.GetEntityIfExistsAsync<TenantEntity>(Partition, TableKeys.Checked(id, "tenant id"), cancellationToken: cancellationToken);
        return row.HasValue && row.Value is { } e ? new StoredTenant(e.ToRecord(), e.ETag.ToString()) : null;
    }

    /// <summary>Creates the tenant, or replaces it when <paramref name="ifMatch"/> is its ETag (or <c>*</c>).</summary>
    public async Task<(WriteOutcome Outcome, string? ETag)> SaveAsync(TenantRecord tenant, string? ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var entity = TenantEntity.From(tenant);
        if (ifMatch is not null)
        {
            return await TableETags.ReplaceAsync(table, entity, ifMatch, cancellationToken);
        }

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

    public async Task<WriteOutcome> DeleteAsync(string id, string ifMatch, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        if (TableETags.Parse(ifMatch) is not { } etag)
        {
            return await GetAsync(id, cancellationToken) is null ? WriteOutcome.NotFound : WriteOutcome.PreconditionFailed;
        }

        try
        {
            await table.DeleteEntityAsync(Partition, TableKeys.Checked(id, "tenant id"), etag, cancellationToken);
            // Its key goes with it: a tenant created again under the id starts without one.
            try
            {
                await table.DeleteEntityAsync(KeyPartition, TableKeys.Checked(id, "tenant id"), ETag.All, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status == 404)
            {
                // It never had a key.
            }

            return WriteOutcome.Done;
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return WriteOutcome.NotFound;
        }
        catch (RequestFailedException ex) when (TableETags.IsMismatch(ex))
        {
            return WriteOutcome.PreconditionFailed;
        }
    }
}
