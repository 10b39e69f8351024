using System.Buffers.Binary;
using Azure.Storage.Blobs.Specialized;

namespace Seatwise.Storage.Snapshots;

/// <summary>
/// A write-only stream that stages blocks of <see cref="BlockSize"/> bytes and commits the block list when it is
/// disposed, replacing whatever the blob held.
/// </summary>
/// <remarks>
/// Why not <c>BlockBlobClient.OpenWriteAsync(overwrite: true)</c>: it first creates an empty blob and then commits
/// the block list on the condition that the blob still has that empty blob's ETag. When storage commits the list
/// but the answer is lost, the SDK's retry meets the ETag its own first attempt changed and fails with 412
/// ConditionNotMet, failing a source whose data was written. Staging and committing without a condition makes each
/// retry repeat the same write; only this run's writer writes under its prefix (the run lease), so there is no one
/// else's write to guard against. Block ids are the block's index, so a retried stage replaces the same block.
/// </remarks>
internal sealed class BlockUploadStream(BlockBlobClient blob) : Stream
{
    /// <summary>
    /// 1 MiB, a quarter of the SDK's default write buffer: each writer's buffer grows to a block, and a run writes
    /// several sources' snapshots at once, so the block bounds that memory; 50,000 blocks of 1 MiB still allow a
    /// part of 48 GiB, and a 100,000-user Graph snapshot is a few stage calls more.
    /// </summary>
    public const int BlockSize = 1024 * 1024;

    private readonly List<string> _blocks = [];

    // Grows with what is written (most parts are far smaller than a block) and is reused block after block: each
    // stage call has finished reading it, retries included, before it returns.
    private readonly MemoryStream _buffer = new();
    private bool _committed;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => !_committed;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        while (!buffer.IsEmpty)
        {
            buffer = Fill(buffer);
            if (_buffer.Length == BlockSize)
            {
                blob.StageBlock(NextBlock(), _buffer);
                _buffer.SetLength(0);
            }
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            buffer = buffer[(buffer.Length - Fill(buffer.Span).Length)..];
            if (_buffer.Length == BlockSize)
            {
                await blob.StageBlockAsync(NextBlock(), _buffer, cancellationToken: cancellationToken);
                _buffer.SetLength(0);
            }
        }
    }

    public override void Flush()
    {
        // Blocks are staged when full and committed on dispose; a flush has nothing to make durable on its own.
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        if (!_committed)
        {
            _committed = true;
            if (_buffer.Length > 0)
            {
                await blob.StageBlockAsync(NextBlock(), _buffer);
            }

            await blob.CommitBlockListAsync(_blocks);
        }

        await _buffer.DisposeAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing && !_committed)
        {
            _committed = true;
            if (_buffer.Length > 0)
            {
                blob.StageBlock(NextBlock(), _buffer);
            }

            blob.CommitBlockList(_blocks);
        }

        if (disposing)
        {
            _buffer.Dispose();
        }

        base.Dispose(disposing);
    }

    private ReadOnlySpan<byte> Fill(ReadOnlySpan<byte> buffer)
    {
        var take = (int)Math.Min(buffer.Length, BlockSize - _buffer.Length);
        _buffer.Write(buffer[..take]);
        return buffer[take..];
    }

    /// <summary>Names the next block and rewinds the buffer for the stage call to read.</summary>
    private string NextBlock()
    {
        Span<byte> index = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(index, _blocks.Count);
        // Every id in a blob must have the same length: base64 of a fixed-width index.
        _blocks.Add(Convert.ToBase64String(index));
        _buffer.Position = 0;
        return _blocks[^1];
    }
}
