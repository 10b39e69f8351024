using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Seatwise.Core.Findings;

namespace Seatwise.Core.Reconciliation;

/// <summary>
/// A contract step's seat findings between the seat that raises them and <see cref="ContractReconciler.Complete"/>,
/// which shares the contract's waste among them and so needs all of them first. Either as objects, or (the pipeline's
/// contract step, <see cref="ReconcileInput.CompressSeatFindings"/>) as a gzip stream of JSON lines plus the few
/// fields the sharing orders by: at 100,000 users a contract raises up to 21,000 seat findings, and ten contract steps
/// at once held them as objects (docs/benchmarks.md).
/// </summary>
internal sealed class SeatFindingSpool(bool compress)
{
    /// <summary>Findings compressed together: large enough for gzip to find the evidence's repeats, small enough to wait in.</summary>
    private const int ChunkSize = 256;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly List<Finding> _pending = [];
    private readonly List<byte[]> _chunks = [];
    private bool _read;

    /// <summary>What the waste sharing orders and claims by, a few dozen bytes a finding; in the order added.</summary>
    public List<SeatSaving> Savings { get; } = [];

    public void Add(Finding finding, int rank, DateTimeOffset? lastActivity)
    {
        ObjectDisposedException.ThrowIf(_read, this);
        Savings.Add(new SeatSaving(finding.Id, finding.ContractId, rank, lastActivity, finding.AnnualCost));
        _pending.Add(finding);
        if (compress && _pending.Count == ChunkSize)
        {
            _chunks.Add(Compress(_pending));
            _pending.Clear();
        }
    }

    /// <summary>The findings in the order they were added, read once.</summary>
    public IEnumerable<Finding> Read()
    {
        ObjectDisposedException.ThrowIf(_read, this);
        _read = true;
        return _chunks.Count == 0 ? _pending : ReadChunks();
    }

    private IEnumerable<Finding> ReadChunks()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var chunk = _chunks[i];
            _chunks[i] = [];
            using var reader = new StreamReader(new GZipStream(new MemoryStream(chunk), CompressionMode.Decompress), Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                yield return JsonSerializer.Deserialize<Finding>(line, Json)!;
            }
        }

        foreach (var finding in _pending)
        {
            yield return finding;
        }
    }

    private static byte[] Compress(List<Finding> findings)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true), new UTF8Encoding(false)))
        {
            foreach (var finding in findings)
            {
                // A finding's JSON holds no raw line break (the serializer escapes them), so a line is a finding.
                writer.Write(JsonSerializer.Serialize(finding, Json));
                writer.Write('\n');
            }
        }

        return buffer.ToArray();
    }
}

/// <summary>One seat finding as the waste sharing sees it.</summary>
internal readonly record struct SeatSaving(string Id, string ContractId, int Rank, DateTimeOffset? LastActivity, decimal AnnualCost);
