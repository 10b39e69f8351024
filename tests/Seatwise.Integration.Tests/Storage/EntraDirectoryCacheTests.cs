using System.Runtime.CompilerServices;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;
using Seatwise.Workflows.Runs;

namespace Seatwise.Integration.Tests.Storage;

/// <summary>
/// The Entra directory the contract steps join against: one copy per Graph snapshot while steps hold it, and none
/// kept in the instance once the last of them lets go (100,000 accounts stayed in memory between runs before).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class EntraDirectoryCacheTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task StepsAskingAtOnce_ShareOneDirectory_AndItGoesWhenTheLastLetsGo()
    {
        var store = new SnapshotStore(StorageAccount.FromConnectionString(azurite.ConnectionString));
        var tenant = "entra" + Guid.NewGuid().ToString("N")[..8];
        await using (var writer = await store.CreateWriterAsync(tenant, "run-1", SourceNames.Graph, CancellationToken.None))
        {
            for (var i = 0; i < 50; i++)
            {
                var account = new Account { Source = SourceNames.Graph, AccountId = $"a{i}", IdentityKey = $"user{i}@contoso.com" };
                await writer.WriteAsync(SnapshotParts.Seats, new AccountSeats(account, []), CancellationToken.None);
            }

            await writer.CommitAsync(DateTimeOffset.UnixEpoch, CancellationToken.None);
        }

        var inputs = new SnapshotInputs(store);
        var graph = new SourceOutcome { Source = SourceNames.Graph, Status = SourceStatus.Ok, SnapshotRunId = "run-1" };

        var (first, second) = await AskTwiceAsync(inputs, tenant, graph);
        Assert.True(SameDirectory(first, second, 50), "the two steps got different directories");

        // The build's continuations ran inline under this method: leave their frames (and their locals) first.
        await Task.Yield();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.False(first.TryGetTarget(out _), "the directory outlived every step that joined against it");

        // Asked again afterwards, it is built again from the snapshot.
        Assert.Equal(50, (await inputs.EntraAsync(tenant, graph, CancellationToken.None))!.Count);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool SameDirectory(WeakReference<EntraDirectory> first, WeakReference<EntraDirectory> second, int count) =>
        first.TryGetTarget(out var one) && second.TryGetTarget(out var other) && ReferenceEquals(one, other) && one.Count == count;

    // Out of line, so no local of the test keeps the directories alive.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference<EntraDirectory>, WeakReference<EntraDirectory>)> AskTwiceAsync(SnapshotInputs inputs, string tenant, SourceOutcome graph)
    {
        var asked = await Task.WhenAll(inputs.EntraAsync(tenant, graph, CancellationToken.None), inputs.EntraAsync(tenant, graph, CancellationToken.None));
        return (new WeakReference<EntraDirectory>(asked[0]!), new WeakReference<EntraDirectory>(asked[1]!));
    }
}
