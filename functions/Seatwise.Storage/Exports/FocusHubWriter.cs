using Azure.Storage.Blobs;
using Seatwise.Core.Finops;

namespace Seatwise.Storage.Exports;

/// <summary>
/// Writes a month's FOCUS rows into a FinOps hub's ingestion container, in the layout the hubs read for custom
/// data: <c>{container}/Costs/{yyyy}/{mm}/{scope}/{ingestionId}__seatwise.parquet</c>, then an empty
/// <c>manifest.json</c> in the same folder, last, which tells the hub the folder is complete. The hubs keep the
/// latest ingestion per month folder; the ingestions of earlier exports of the month are removed before the manifest
/// is written, so a reader never counts a month twice.
/// </summary>
public sealed class FocusHubWriter(BlobContainerClient container)
{
    public const string Dataset = "Costs";

    public const string Manifest = "manifest.json";

    private const string Suffix = "__seatwise.parquet";

    public static string Folder(DateOnly month, string scope) => $"{Dataset}/{month:yyyy}/{month:MM}/{scope.Trim('/')}";

    /// <summary>Writes the file and the manifest; returns the Parquet blob's name.</summary>
    public async Task<string> WriteAsync(DateOnly month, string scope, string ingestionId, IReadOnlyList<FocusRow> rows, CancellationToken cancellationToken)
    {
        await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var folder = Folder(month, scope);
        var name = $"{folder}/{ingestionId}{Suffix}";
        using (var file = new MemoryStream())
        {
            await FocusParquet.WriteAsync(file, rows, cancellationToken);
            file.Position = 0;
            await container.GetBlobClient(name).UploadAsync(file, overwrite: true, cancellationToken);
        }

        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder + "/", cancellationToken))
        {
            if (blob.Name != name && blob.Name.EndsWith(Suffix, StringComparison.Ordinal) && !blob.Name[(folder.Length + 1)..].Contains('/', StringComparison.Ordinal))
            {
                await container.DeleteBlobIfExistsAsync(blob.Name, cancellationToken: cancellationToken);
            }
        }

        // Empty, as the hubs' guidance for custom data asks; written last, so its arrival means the folder is complete.
        await container.GetBlobClient($"{folder}/{Manifest}").UploadAsync(BinaryData.FromBytes([]), overwrite: true, cancellationToken);
        return name;
    }
}
