using Azure.Core;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Snapshots;

namespace Seatwise.Integration.Tests.Storage;

/// <summary>
/// Snapshot parts when a blob write lands in storage but its answer is lost: the SDK retries it, and nothing the
/// writer sends may carry a condition that the landed first attempt has already moved on from (a 412 there failed a
/// whole source in the chaos run).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SnapshotWriteFaultTests(AzuriteFixture azurite)
{
    private sealed record Row(int N, string Name);

    public static TheoryData<string, string> Writes() => new()
    {
        { "block", "timeout-after" },
        { "block", "lost-after" },
        { "blocklist", "timeout-after" },
        { "blocklist", "lost-after" },
        { "manifest", "lost-after" },
    };

    [Theory]
    [MemberData(nameof(Writes))]
    public async Task BlobWriteLandsButItsAnswerIsLost_TheSnapshotCommits_AndReadsBackWhole(string write, string fault)
    {
        var faults = new StorageFaults(1, 1.0, [fault]) { Aim = r => Aimed(r, write), Limit = 1 };
        var store = new SnapshotStore(StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(faults)]));
        var tenant = "snap" + Guid.NewGuid().ToString("N")[..8];

        SnapshotManifest manifest;
        await using (var writer = await store.CreateWriterAsync(tenant, "run-1", "graph", CancellationToken.None))
        {
            for (var i = 0; i < 500; i++)
            {
                await writer.WriteAsync("users", new Row(i, $"user {i}"), CancellationToken.None);
            }

            manifest = await writer.CommitAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        }

        Assert.Equal(1, faults.Total);
        var read = await Read(store, (await store.GetManifestAsync(tenant, "run-1", "graph", CancellationToken.None))!);
        Assert.Equal(500, manifest.Parts["users"].Records);
        Assert.Equal(Enumerable.Range(0, 500), read.Select(r => r.N));
    }

    [Fact]
    public async Task APartLargerThanABlock_SpansBlocks_AndAStageRetriedAfterItLanded_KeepsEveryRecordInOrder()
    {
        // Random text barely compresses: 3,000 rows of 3,000 base64 characters make about 7 MB of gzip, several blocks.
        var random = new Random(7);
        var rows = Enumerable.Range(0, 3_000).Select(i => new Row(i, Convert.ToBase64String(RandomBytes(random, 2_250)))).ToList();
        var stages = 0;
        var faults = new StorageFaults(1, 1.0, ["lost-after"])
        {
            Aim = r => Aimed(r, "block") && Interlocked.Increment(ref stages) == 2,
            Limit = 1,
        };
        var store = new SnapshotStore(StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(faults)]));
        var tenant = "snap" + Guid.NewGuid().ToString("N")[..8];

        await using (var writer = await store.CreateWriterAsync(tenant, "run-1", "graph", CancellationToken.None))
        {
            foreach (var row in rows)
            {
                await writer.WriteAsync("users", row, CancellationToken.None);
            }

            await writer.CommitAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        }

        Assert.Equal(1, faults.Total);
        Assert.True(stages >= 3, $"{stages} stage calls: the part did not span two blocks");
        var read = await Read(store, (await store.GetManifestAsync(tenant, "run-1", "graph", CancellationToken.None))!);
        Assert.Equal(rows, read);
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static bool Aimed(Request request, string write)
    {
        if (request.Method != RequestMethod.Put)
        {
            return false;
        }

        var uri = request.Uri.ToString();
        return write switch
        {
            "block" => uri.Contains("comp=block&", StringComparison.Ordinal) || uri.EndsWith("comp=block", StringComparison.Ordinal),
            "blocklist" => uri.Contains("comp=blocklist", StringComparison.Ordinal),
            "manifest" => uri.Contains("manifest.json", StringComparison.Ordinal),
            _ => throw new ArgumentOutOfRangeException(nameof(write), write, null),
        };
    }

    private static async Task<List<Row>> Read(SnapshotStore store, SnapshotManifest manifest)
    {
        var rows = new List<Row>();
        await foreach (var row in store.ReadAsync<Row>(manifest, "users", CancellationToken.None))
        {
            rows.Add(row);
        }

        return rows;
    }
}
