using Seatwise.Core.Inventory;

namespace Seatwise.Sources;

/// <summary>A system that lists seats. It writes a complete snapshot or fails; it never reports "nobody" for "I could not look".</summary>
public interface IInventorySource
{
    string Name { get; }

    Task<SourceResult> CollectAsync(ISnapshotWriter writer, CancellationToken cancellationToken);
}

/// <summary>The small summary a collection returns (counts and warnings; the data itself is in the snapshot).</summary>
public sealed record SourceResult
{
    public required string Source { get; init; }

    public int Accounts { get; init; }

    public int Seats { get; init; }

    public int Products { get; init; }

    public int Apps { get; init; }

    /// <summary>False when the source has no activity data at all (e.g. no Entra ID P1): seats count as unknown.</summary>
    public bool ActivityKnown { get; init; } = true;

    /// <summary>Accounts the source names no address for (identity unknown): they join nobody and are never leavers.</summary>
    public int Unmatched { get; init; }

    /// <summary>Optional parts and how they went (Graph's usage reports).</summary>
    public IReadOnlyList<SourcePart> Parts { get; init; } = [];

    public int Requests { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>A source could not be read completely; the message says why in words an admin can act on.</summary>
public class SourceFailedException(string source, string message, Exception? inner = null)
    : Exception($"{source}: {message}", inner)
{
    public string SourceName { get; } = source;

    public string Reason { get; } = message;

    /// <summary>The HTTP status the vendor answered with, when an answer is what failed.</summary>
    public System.Net.HttpStatusCode? Status { get; init; }
}

/// <summary>A source that is switched on but lacks what it needs to run (a token, an organization): the run shows it as skipped with the reason.</summary>
public sealed class SourceNotConfiguredException(string source, string message)
    : SourceFailedException(source, message);
