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

    /// <summary>Entra accounts by identity key, for the orphaned-seat join; null without a Graph snapshot.</summary>
    public async Task<EntraDirectory?> EntraAsync(string tenant, SourceOutcome? graph, CancellationToken cancellationToken)
    {
        var (manifest, _) = await OpenAsync(tenant, graph, cancellationToken);
        if (manifest is null)
        {
            return null;
        }

        var directory = new EntraDirectory();
        await foreach (var seats in SeatsAsync(manifest, cancellationToken))
        {
            directory.Add(seats.Account);
        }

        return directory;
    }

    public static bool ActivityKnown(SnapshotManifest manifest) => manifest.Properties.GetValueOrDefault("activityKnown") != "false";
}
