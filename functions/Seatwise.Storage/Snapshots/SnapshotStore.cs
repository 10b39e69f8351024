using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Azure.Storage.Blobs.Specialized;
using Seatwise.Core.Inventory;
using Seatwise.Storage.Accounts;

namespace Seatwise.Storage.Snapshots;

/// <summary>
/// Snapshots in blob container <c>snapshots</c>: <c>{tenant}/{runId}/{source}/{part}.jsonl.gz</c> plus
/// <c>manifest.json</c>, written last. A snapshot without a manifest (a crash, a failed source) is invisible.
/// </summary>
public sealed class SnapshotStore(StorageAccount account)
{
    public const string ContainerName = "snapshots";

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private BlobContainerClient Container => account.Blobs.GetBlobContainerClient(ContainerName);

    public static string Prefix(string tenant, string runId, string source) => $"{tenant}/{runId}/{source}/";

    public async Task<SnapshotWriter> CreateWriterAsync(string tenant, string runId, string source, CancellationToken cancellationToken)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        return new SnapshotWriter(Container, tenant, runId, source);
    }

    /// <summary>The manifest, or null when the snapshot does not exist or was never committed.</summary>
    public async Task<SnapshotManifest?> GetManifestAsync(string tenant, string runId, string source, CancellationToken cancellationToken)
    {
        try
        {
            var blob = Container.GetBlobClient(Prefix(tenant, runId, source) + "manifest.json");
            var content = await blob.DownloadContentAsync(cancellationToken);
            return content.Value.Content.ToObjectFromJson<SnapshotManifest>(Json);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    /// <summary>Streams a committed part record by record; nothing for a part the manifest does not list.</summary>
    public async IAsyncEnumerable<T> ReadAsync<T>(SnapshotManifest manifest, string part, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!manifest.Parts.TryGetValue(part, out var info))
        {
            yield break;
        }

        // One streamed download (the SDK resumes it from where it broke on a transient failure), not OpenReadAsync:
        // that rents a buffer of up to 4 MiB per reader from the shared array pool, which keeps it afterwards per
        // thread; a 100,000-user run's concurrent contract steps left 25-37 MB of such buffers on the heap.
        var blob = Container.GetBlobClient(info.Blob);
        var download = await blob.DownloadStreamingAsync(cancellationToken: cancellationToken);
        await using var stream = download.Value.Content;
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length > 0)
            {
                yield return JsonSerializer.Deserialize<T>(line, Json)!;
            }
        }
    }

    /// <summary>Run ids of a tenant that have a committed snapshot of a source, newest first (run ids sort by time).</summary>
    public async Task<IReadOnlyList<string>> ListCommittedRunsAsync(string tenant, string source, CancellationToken cancellationToken)
    {
        var runs = new List<string>();
        if (!await Container.ExistsAsync(cancellationToken))
        {
            return runs;
        }

        await foreach (var item in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, tenant + "/", cancellationToken))
        {
            var parts = item.Name.Split('/');
            if (parts.Length == 4 && parts[2] == source && parts[3] == "manifest.json")
            {
                runs.Add(parts[1]);
            }
        }

        return [.. runs.OrderDescending(StringComparer.Ordinal)];
    }

    /// <summary>Deletes every blob of a run (retention), committed or not.</summary>
    public async Task<int> DeleteRunAsync(string tenant, string runId, CancellationToken cancellationToken)
    {
        var deleted = 0;
        try
        {
            await foreach (var item in Container.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{tenant}/{runId}/", cancellationToken))
            {
                await Container.DeleteBlobIfExistsAsync(item.Name, cancellationToken: cancellationToken);
                deleted++;
            }
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 404)
        {
            // No snapshot was ever written (runs of contracts no source collects): nothing to remove.
        }

        return deleted;
    }
}

/// <summary>
/// Streams records into gzip-compressed JSON Lines blobs, one per part, hashing as it goes; <see cref="CommitAsync"/>
/// closes the parts and writes the manifest. Re-running a source for the same run overwrites the same blobs.
/// </summary>
public sealed class SnapshotWriter : ISnapshotWriter, IAsyncDisposable
{
    private readonly BlobContainerClient _container;
    private readonly string _tenant;
    private readonly string _runId;
    private readonly string _source;
    private readonly Dictionary<string, PartStream> _parts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _properties = new(StringComparer.Ordinal);
    private static readonly byte[] NewLine = "\n"u8.ToArray();

    internal SnapshotWriter(BlobContainerClient container, string tenant, string runId, string source)
    {
        _container = container;
        _tenant = tenant;
        _runId = runId;
        _source = source;
    }

    public async Task WriteAsync<T>(string part, T record, CancellationToken cancellationToken)
    {
        if (!_parts.TryGetValue(part, out var stream))
        {
            stream = PartStream.Open(_container, SnapshotStore.Prefix(_tenant, _runId, _source) + part + ".jsonl.gz");
            _parts[part] = stream;
        }

        await stream.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(record, SnapshotStore.Json), cancellationToken);
    }

    public void SetProperty(string name, string value) => _properties[name] = value;

    public async Task<SnapshotManifest> CommitAsync(DateTimeOffset collectedAt, CancellationToken cancellationToken)
    {
        var parts = new Dictionary<string, SnapshotPart>(StringComparer.Ordinal);
        foreach (var (name, stream) in _parts)
        {
            parts[name] = await stream.CloseAsync();
        }

        _parts.Clear();
        var manifest = new SnapshotManifest
        {
            Tenant = _tenant,
            RunId = _runId,
            Source = _source,
            CollectedAt = collectedAt,
            Parts = parts,
            Properties = new Dictionary<string, string>(_properties),
        };
        var blob = _container.GetBlobClient(SnapshotStore.Prefix(_tenant, _runId, _source) + "manifest.json");
        await blob.UploadAsync(BinaryData.FromObjectAsJson(manifest, SnapshotStore.Json), overwrite: true, cancellationToken);
        return manifest;
    }

    /// <summary>Closes open parts without a manifest: what was written stays invisible.</summary>
    public async ValueTask DisposeAsync()
    {
        foreach (var stream in _parts.Values)
        {
            await stream.DisposeAsync();
        }

        _parts.Clear();
    }

    private sealed class PartStream : IAsyncDisposable
    {
        private readonly string _blob;
        private readonly Stream _blobStream;
        private readonly GZipStream _gzip;
        private readonly IncrementalHash _hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        private long _records;

        private PartStream(string blob, Stream blobStream)
        {
            _blob = blob;
            _blobStream = blobStream;
            _gzip = new GZipStream(blobStream, CompressionLevel.Fastest, leaveOpen: true);
        }

        public static PartStream Open(BlobContainerClient container, string blob) => new PartStream(blob, new BlockUploadStream(container.GetBlockBlobClient(blob)));

        public async Task WriteAsync(byte[] line, CancellationToken cancellationToken)
        {
            _hash.AppendData(line);
            _hash.AppendData(NewLine);
            await _gzip.WriteAsync(line, cancellationToken);
            await _gzip.WriteAsync(NewLine, cancellationToken);
            _records++;
        }

        public async Task<SnapshotPart> CloseAsync()
        {
            var sha = Convert.ToHexStringLower(_hash.GetHashAndReset());
            await DisposeAsync();
            return new SnapshotPart(_blob, _records, sha);
        }

        public async ValueTask DisposeAsync()
        {
            // Closing the gzip stream flushes its trailer; closing the blob stream commits the block list.
            await _gzip.DisposeAsync();
            await _blobStream.DisposeAsync();
            _hash.Dispose();
        }
    }
}
