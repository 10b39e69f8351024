namespace Seatwise.Storage.Snapshots;

/// <summary>Written last: its presence is what makes a snapshot complete and visible.</summary>
public sealed record SnapshotManifest
{
    public required string Tenant { get; init; }

    public required string RunId { get; init; }

    public required string Source { get; init; }

    public required DateTimeOffset CollectedAt { get; init; }

    public required IReadOnlyDictionary<string, SnapshotPart> Parts { get; init; }

    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();
}

/// <param name="Sha256">Lowercase hex SHA-256 of the uncompressed JSON Lines.</param>
public sealed record SnapshotPart(string Blob, long Records, string Sha256);
