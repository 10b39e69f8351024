using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;

namespace Seatwise.Workflows.Runs;

/// <summary>Reads what reconciliation needs from committed snapshots.</summary>
public sealed class SnapshotInputs(SnapshotStore snapshots)
{
    public async Task<(SnapshotManifest? Manifest, List<Product> Products)> OpenAsync(string tenant, SourceOutcome? outcome, CancellationToken cancellationToken)
    {
        if (outcome?.SnapshotRunId is not { } runId)
        {
            return (null, []);
        }

        var manifest = await snapshots.GetManifestAsync(tenant, runId, outcome.Source, cancellationToken);
        var products = new List<Product>();
        if (manifest is not null)
        {
            await foreach (var product in snapshots.ReadAsync<Product>(manifest, SnapshotParts.Products, cancellationToken))
            {
                products.Add(product);
            }
        }

        return (manifest, products);
    }

    public IAsyncEnumerable<AccountSeats> SeatsAsync(SnapshotManifest manifest, CancellationToken cancellationToken) =>
        snapshots.ReadAsync<AccountSeats>(manifest, SnapshotParts.Seats, cancellationToken);

    public IAsyncEnumerable<App> AppsAsync(SnapshotManifest manifest, CancellationToken cancellationToken) =>
        snapshots.ReadAsync<App>(manifest, SnapshotParts.Apps, cancellationToken);

    private readonly Lock _gate = new();

    /// <summary>The directory of the Graph snapshot last asked for, shared by the contract steps that join it.</summary>
    private (string Key, Task<EntraDirectory> Directory)? _entra;

    /// <summary>
    /// Entra accounts by identity key, for the orphaned-seat join; null without a Graph snapshot. Built once per Graph
    /// snapshot and shared: every vendor contract of a run joins the same directory (read-only once built), so the
    /// contract steps running at once hold one copy instead of one each (100,000 accounts and their addresses).
    /// </summary>
    public async Task<EntraDirectory?> EntraAsync(string tenant, SourceOutcome? graph, CancellationToken cancellationToken)
    {
        if (graph?.SnapshotRunId is not { } runId ||
            await snapshots.GetManifestAsync(tenant, runId, graph.Source, cancellationToken) is not { } manifest)
        {
            return null;
        }

        // The snapshot's commit time is in the key: a run started again under the same id collects a new snapshot.
        var key = $"{tenant}|{runId}|{manifest.CollectedAt:O}";
        Task<EntraDirectory> build;
        lock (_gate)
        {
            if (_entra is { } cached && cached.Key == key && !cached.Directory.IsFaulted && !cached.Directory.IsCanceled)
            {
                build = cached.Directory;
            }
            else
            {
                // Not tied to the first caller's cancellation: other contract steps wait for the same build.
                build = BuildEntraAsync(manifest, CancellationToken.None);
                _entra = (key, build);
            }
        }

        return await build.WaitAsync(cancellationToken);
    }

    private async Task<EntraDirectory> BuildEntraAsync(SnapshotManifest manifest, CancellationToken cancellationToken)
    {
        var directory = new EntraDirectory();
        await foreach (var seats in SeatsAsync(manifest, cancellationToken))
        {
            directory.Add(seats.Account);
        }

        return directory;
    }

    public static bool ActivityKnown(SnapshotManifest manifest) => manifest.Properties.GetValueOrDefault("activityKnown") != "false";
}
