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

    /// <summary>The Graph snapshot whose directory is being built or was built last.</summary>
    private string? _entraKey;

    /// <summary>The build under way, shared by every contract step that asks meanwhile.</summary>
    private Task<EntraDirectory>? _entraBuilding;

    /// <summary>
    /// The directory once built, held weakly: it stays while any contract step still joins against it and goes with
    /// the last of them, instead of keeping 100,000 accounts in the instance between runs.
    /// </summary>
    private WeakReference<EntraDirectory>? _entraBuilt;

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
            if (_entraKey == key && _entraBuilt is not null && _entraBuilt.TryGetTarget(out var built))
            {
                return built;
            }

            if (_entraKey == key && _entraBuilding is { IsFaulted: false, IsCanceled: false } building)
            {
                build = building;
            }
            else
            {
                _entraKey = key;
                _entraBuilt = null;
                // Not tied to the first caller's cancellation: other contract steps wait for the same build.
                _entraBuilding = build = BuildSharedAsync(manifest, key);
            }
        }

        return await build.WaitAsync(cancellationToken);
    }

    private async Task<EntraDirectory> BuildSharedAsync(SnapshotManifest manifest, string key)
    {
        var directory = await BuildEntraAsync(manifest, CancellationToken.None);
        lock (_gate)
        {
            if (_entraKey == key)
            {
                _entraBuilt = new WeakReference<EntraDirectory>(directory);
                _entraBuilding = null;
            }
        }

        return directory;
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
