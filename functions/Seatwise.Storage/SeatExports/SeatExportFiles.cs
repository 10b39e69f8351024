using System.Runtime.CompilerServices;
using Azure.Storage.Blobs;
using Seatwise.Core.Inventory;
using Seatwise.Storage.Accounts;

namespace Seatwise.Storage.SeatExports;

/// <summary>Seat exports in blob container <c>seat-exports</c>: <c>{tenant}/{vendor}/{file}.csv</c>.</summary>
public sealed class SeatExportFiles(StorageAccount account) : ISeatExportFiles
{
    public const string ContainerName = "seat-exports";

    private BlobContainerClient Container => account.Blobs.GetBlobContainerClient(ContainerName);

    public async IAsyncEnumerable<(string Name, Func<CancellationToken, Task<Stream>> Open)> ListAsync(string tenant, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var prefix = tenant + "/";
        await foreach (var blob in Container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, prefix, cancellationToken))
        {
            if (!blob.Name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            // Streamed as the snapshots are (SnapshotStore.ReadAsync): no pooled read buffer per file.
            var client = Container.GetBlobClient(blob.Name);
            yield return (blob.Name[prefix.Length..], async ct => (await client.DownloadStreamingAsync(cancellationToken: ct)).Value.Content);
        }
    }

    /// <summary>Drops a file (the demo and tests; in production people or a pipeline upload them).</summary>
    public async Task UploadAsync(string tenant, string path, string content, CancellationToken cancellationToken)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await Container.GetBlobClient($"{tenant}/{path}").UploadAsync(BinaryData.FromString(content), overwrite: true, cancellationToken);
    }
}
