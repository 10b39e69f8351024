using Azure;

namespace Seatwise.Storage.Accounts;

/// <summary>Checks that the Table and Blob services of the account answer, each within a bounded time.</summary>
public sealed class StorageProbe(StorageAccount account)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    public async Task<StorageProbeResult> CheckAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var tables = CheckOneAsync(async ct =>
        {
            await foreach (var _ in account.Tables.QueryAsync(maxPerPage: 1, cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
            {
                break;
            }
        }, timeout, cancellationToken);
        var blobs = CheckOneAsync(async ct =>
        {
            await foreach (var _ in account.Blobs.GetBlobContainersAsync(cancellationToken: ct).AsPages(pageSizeHint: 1).WithCancellation(ct))
            {
                break;
            }
        }, timeout, cancellationToken);
        return new StorageProbeResult(await tables, await blobs);
    }

    private static async Task<string?> CheckOneAsync(Func<CancellationToken, Task> check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(timeout);
        try
        {
            await check(cts.Token);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {timeout.TotalSeconds:0.#} s";
        }
        catch (RequestFailedException ex)
        {
            return $"HTTP {ex.Status} {ex.ErrorCode}".TrimEnd();
        }
        catch (AggregateException ex) when (ex.InnerException is not null)
        {
            return ex.InnerException.Message;
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or Azure.Identity.AuthenticationFailedException)
        {
            return ex.Message;
        }
    }
}

/// <summary>Null means the service answered; otherwise the reason it did not.</summary>
public sealed record StorageProbeResult(string? TableError, string? BlobError)
{
    public bool Healthy => TableError is null && BlobError is null;
}
