namespace Seatwise.Core.Reconciliation;

/// <summary>One seat of one contract in one run: the line-by-line evidence behind a position.</summary>
public sealed record SeatLine(
    string ContractId,
    string Source,
    string AccountId,
    string IdentityKey,
    string? DisplayName,
    string ProductKey,
    ActivityStatus Status,
    DateTimeOffset? LastActivity,
    DateTimeOffset? AssignedAt,
    DateTimeOffset? CreatedAt,
    bool Enabled,
    bool? EntraEnabled);

/// <summary>Receives seat lines as the reconciler produces them, so no list of every seat is kept in memory.</summary>
public interface ISeatLineSink
{
    void Add(SeatLine line);
}

/// <summary>Entra ID accounts by identity key: the other side of the cross-source join (orphaned seats).</summary>
public sealed class EntraDirectory
{
    private readonly Dictionary<string, bool> _enabledByKey = new(StringComparer.Ordinal);

    public int Count => _enabledByKey.Count;

    /// <summary>Records an account; a person with several accounts counts as enabled if any of them is.</summary>
    public void Add(string identityKey, bool enabled)
    {
        _enabledByKey[identityKey] = enabled || (_enabledByKey.TryGetValue(identityKey, out var was) && was);
    }

    /// <summary>True: enabled account; false: only disabled accounts; null: no Entra account at all.</summary>
    public bool? IsEnabled(string identityKey) => _enabledByKey.TryGetValue(identityKey, out var enabled) ? enabled : null;
}
