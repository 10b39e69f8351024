namespace Seatwise.Core.Inventory;

/// <summary>
/// An optional part of a source that can be missing while the source itself is fine (Graph's usage reports): its
/// status uses the source statuses' words, and the reason says what an admin can do.
/// </summary>
public sealed record SourcePart(string Name, string Status, string? Reason = null)
{
    public const string Ok = "ok";
    public const string Failed = "failed";
    public const string Skipped = "skipped";

    /// <summary>Graph's Microsoft 365 usage reports.</summary>
    public const string M365Usage = "m365usage";
}
