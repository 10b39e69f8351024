using Azure;
using Azure.Data.Tables;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Runs;

/// <summary>
/// Table RunSlots: at most N runs of all tenants collect and reconcile at once (<c>Runs__MaxConcurrentTenants</c>).
/// One row per slot (RowKey the slot number) names the run holding it; a run takes a free slot (an absent row, or
/// one whose holder has finished or is older than <see cref="StaleAfter"/>) with an ETag-conditional write, so two
/// runs never hold one slot, and gives it back when it records its end.
/// </summary>
public sealed class RunSlotRepository(TableStore store, RunRepository runs)
{
    public const string TableName = "RunSlots";
    public const string Partition = "slots";

    /// <summary>A holder older than this lost its end (its host died mid-run): its slot is free again.</summary>
    public static readonly TimeSpan StaleAfter = TimeSpan.FromHours(12);

    public async Task<bool> TryTakeAsync(string tenant, string runId, int slots, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition}"), cancellationToken: cancellationToken))
        {
            rows[row.RowKey] = row;
        }

        // A retried activity finds the slot its first attempt took.
        if (rows.Values.Any(r => r.GetString("RunId") == runId && r.GetString("Tenant") == tenant))
        {
            return true;
        }

        for (var i = 0; i < slots; i++)
        {
            var key = i.ToString("D4", System.Globalization.CultureInfo.InvariantCulture);
            var entity = new TableEntity(Partition, key) { ["Tenant"] = tenant, ["RunId"] = runId, ["TakenAt"] = now };
            try
            {
                if (!rows.TryGetValue(key, out var held))
                {
                    await table.AddEntityAsync(entity, cancellationToken);
                    return true;
                }

                if (await IsFreeAsync(held, now, cancellationToken))
                {
                    await table.UpdateEntityAsync(entity, held.ETag, TableUpdateMode.Replace, cancellationToken);
                    return true;
                }
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // Another run took it between the read and the write: try the next one.
            }
        }

        return false;
    }

    /// <summary>Gives back the slot <paramref name="runId"/> holds, if any.</summary>
    public async Task ReleaseAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(TableName, cancellationToken);
        await foreach (var row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {Partition} and RunId eq {runId} and Tenant eq {tenant}"), cancellationToken: cancellationToken))
        {
            try
            {
                await table.DeleteEntityAsync(Partition, row.RowKey, row.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Already given back, or taken over after it went stale.
            }
        }
    }

    private async Task<bool> IsFreeAsync(TableEntity held, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (held.GetDateTimeOffset("TakenAt") is not { } takenAt || takenAt < now - StaleAfter)
        {
            return true;
        }

        var run = await runs.GetAsync(held.GetString("Tenant") ?? string.Empty, held.GetString("RunId") ?? string.Empty, cancellationToken);
        return run is null || RunStatus.IsFinished(run.Status);
    }
}
