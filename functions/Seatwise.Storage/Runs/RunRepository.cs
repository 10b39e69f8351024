using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// Table Runs: PartitionKey tenant, RowKey inverted ticks + run id (newest first), the run as JSON. The row
/// <c>~lease</c> holds the run that owns the tenant now: one run at a time, across any number of instances.
/// </summary>
public sealed class RunRepository(TableStore store)
{
    public const string TableName = "Runs";
    private const string LeaseKey = "~lease";

    public static string RowKey(DateTimeOffset createdAt, string runId) =>
        (DateTime.MaxValue.Ticks - createdAt.UtcTicks).ToString("D19", CultureInfo.InvariantCulture) + "_" + runId;

    /// <summary>
    /// Takes the tenant's run lease for <paramref name="runId"/> unless another run holds it and
    /// <paramref name="isActive"/> says that run is still going. Returns the holder's id when refused.
    /// </summary>
    public async Task<(bool Acquired, string? HeldBy)> TryAcquireLeaseAsync(string tenant, string runId, Func<string, Task<bool>> isActive, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var existing = await table.GetEntityIfExistsAsync<TableEntity>(tenant, LeaseKey, cancellationToken: cancellationToken);
        var lease = new TableEntity(tenant, LeaseKey) { ["RunId"] = runId };
        try
        {
            if (!existing.HasValue)
            {
                await table.AddEntityAsync(lease, cancellationToken);
                return (true, null);
            }

            var holder = existing.Value!.GetString("RunId");
            if (holder == runId)
            {
                return (true, null);
            }

            if (holder is not null && await isActive(holder))
            {
                return (false, holder);
            }

            await table.UpdateEntityAsync(lease, existing.Value.ETag, TableUpdateMode.Replace, cancellationToken);
            return (true, null);
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another start won the race between our read and our write, or our own write landed and only its answer
            // was lost: the SDK's retry of it then meets the row we wrote. The row says which.
            var winner = await table.GetEntityIfExistsAsync<TableEntity>(tenant, LeaseKey, cancellationToken: cancellationToken);
            var holder = winner.HasValue ? winner.Value!.GetString("RunId") : null;
            return holder == runId ? (true, null) : (false, holder);
        }
    }

    public async Task SaveAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var entity = new TableEntity(run.Tenant, RowKey(run.CreatedAt, run.RunId))
        {
            ["RunId"] = run.RunId,
            ["Status"] = run.Status,
            ["Json"] = JsonSerializer.Serialize(run, ResultRepository.Json),
        };
        EntityGuard.Check(entity);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task DeleteAsync(RunRecord run, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        await table.DeleteEntityAsync(run.Tenant, RowKey(run.CreatedAt, run.RunId), ETag.All, cancellationToken);
    }

    public async Task<RunRecord?> GetAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RunId eq {runId}"), cancellationToken: cancellationToken))
        {
            return Read(entity);
        }

        return null;
    }

    /// <summary>Runs of a tenant, newest first, one page at a time.</summary>
    public async Task<(IReadOnlyList<RunRecord> Items, string? ContinuationToken)> ListAsync(string tenant, int top, string? continuationToken, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey lt {LeaseKey}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, top, cancellationToken: cancellationToken).AsPages(continuationToken, top))
        {
            return ([.. page.Values.Select(Read)], page.ContinuationToken);
        }

        return ([], null);
    }

    /// <summary>Every finished run, newest first (for retention and "latest completed").</summary>
    public async Task<IReadOnlyList<RunRecord>> ListAllAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var runs = new List<RunRecord>();
        await foreach (var entity in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey lt {LeaseKey}"), cancellationToken: cancellationToken))
        {
            runs.Add(Read(entity));
        }

        return runs;
    }

    private static RunRecord Read(TableEntity entity) => JsonSerializer.Deserialize<RunRecord>(entity.GetString("Json"), ResultRepository.Json)!;
}
