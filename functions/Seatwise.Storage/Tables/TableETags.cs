using Azure;
using Azure.Data.Tables;

namespace Seatwise.Storage.Tables;

/// <summary>If-Match values from API clients, turned into the ETags Table Storage compares.</summary>
public static class TableETags
{
    /// <summary>
    /// <c>*</c>, or a table ETag (always weak: <c>W/"datetime'…'"</c>). Clients that drop the weak marker (.NET's
    /// <c>EntityTagHeaderValue.Tag</c> does) send the quoted part only; it is the same ETag. Anything else cannot
    /// match any entity: null, which callers answer with 412 instead of sending storage a value it rejects.
    /// </summary>
    public static ETag? Parse(string ifMatch)
    {
        var value = ifMatch.Trim();
        if (value == "*")
        {
            return ETag.All;
        }

        if (value.StartsWith("W/\"", StringComparison.Ordinal) && value.EndsWith('"') && value.Length > 4)
        {
            return new ETag(value);
        }

        return value.Length > 2 && value.StartsWith('"') && value.EndsWith('"') ? new ETag("W/" + value) : null;
    }

    /// <summary>
    /// Replaces an entity only if it still has the ETag the caller read (<c>*</c>: whatever is there, if anything).
    /// The one If-Match write of the API: contracts and findings answer the same way. An If-Match that can be no
    /// table ETag is a precondition failure when the entity exists and not-found when it does not, as a well-formed
    /// but outdated one would be.
    /// </summary>
    public static async Task<(WriteOutcome Outcome, string? ETag)> ReplaceAsync(TableClient table, ITableEntity entity, string ifMatch, CancellationToken cancellationToken)
    {
        EntityGuard.Check(entity);
        try
        {
            if (Parse(ifMatch) is not { } etag)
            {
                return (await table.GetEntityIfExistsAsync<TableEntity>(entity.PartitionKey, entity.RowKey, ["PartitionKey"], cancellationToken)).HasValue
                    ? (WriteOutcome.PreconditionFailed, null)
                    : (WriteOutcome.NotFound, null);
            }

            var response = await table.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken);
            return (WriteOutcome.Done, response.Headers.ETag?.ToString());
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (WriteOutcome.NotFound, null);
        }
        catch (RequestFailedException ex) when (IsMismatch(ex))
        {
            return (WriteOutcome.PreconditionFailed, null);
        }
    }

    /// <summary>Storage refusing a well-formed but foreign ETag as bad input: for the caller it simply does not match.</summary>
    public static bool IsMismatch(RequestFailedException ex) => ex.Status == 412 || (ex.Status == 400 && ex.ErrorCode == "InvalidInput");
}
