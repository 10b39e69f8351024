using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Seatwise.Core.Findings;

/// <summary>
/// Findings held as gzip-compressed JSON lines, <see cref="ChunkSize"/> to a chunk, and read back once in the order
/// they were added: how a large run keeps findings it must hold for a while (a contract's seat findings until the
/// waste is shared, the run's raw findings until their ledger bucket merges) in a few MB instead of as objects.
/// </summary>
/// <param name="json">The options the findings are written and read with.</param>
public sealed class CompressedFindings(JsonSerializerOptions json)
{
    /// <summary>Findings compressed together: large enough for gzip to find the evidence's repeats, small enough to wait in.</summary>
    public const int ChunkSize = 256;

    private readonly List<string> _pending = [];
    private readonly List<byte[]> _chunks = [];
    private bool _read;

    public int Count { get; private set; }

    public void Add(Finding finding) => AddJson(JsonSerializer.Serialize(finding, json));

    /// <summary>Adds a finding already serialized (a stored row's JSON); one line, as the serializer writes it.</summary>
    public void AddJson(string findingJson)
    {
        if (_read)
        {
            throw new InvalidOperationException("These findings were read already.");
        }

        _pending.Add(findingJson);
        Count++;
        if (_pending.Count == ChunkSize)
        {
            _chunks.Add(Compress(_pending));
            _pending.Clear();
        }
    }

    /// <summary>The findings in the order they were added, deserialized as they are enumerated; read once.</summary>
    public IEnumerable<Finding> Read()
    {
        if (_read)
        {
            throw new InvalidOperationException("These findings were read already.");
        }

        _read = true;
        return ReadAll();
    }

    private IEnumerable<Finding> ReadAll()
    {
        for (var i = 0; i < _chunks.Count; i++)
        {
            var chunk = _chunks[i];
            _chunks[i] = [];
            using var reader = new StreamReader(new GZipStream(new MemoryStream(chunk), CompressionMode.Decompress), Encoding.UTF8);
            while (reader.ReadLine() is { } line)
            {
                yield return JsonSerializer.Deserialize<Finding>(line, json)!;
            }
        }

        foreach (var line in _pending)
        {
            yield return JsonSerializer.Deserialize<Finding>(line, json)!;
        }
    }

    private static byte[] Compress(List<string> lines)
    {
        using var buffer = new MemoryStream();
        using (var writer = new StreamWriter(new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true), new UTF8Encoding(false)))
        {
            foreach (var line in lines)
            {
                // A finding's JSON holds no raw line break (the serializer escapes them), so a line is a finding.
                writer.Write(line);
                writer.Write('\n');
            }
        }

        return buffer.ToArray();
    }
}
