using Seatwise.Core.Inventory;

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
    bool? EntraEnabled)
{
    /// <summary>The last activity date per workload the seat was judged by (Microsoft usage reports); null when none.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset>? Usage { get; init; }
}

/// <summary>Receives seat lines as the reconciler produces them, so no list of every seat is kept in memory.</summary>
public interface ISeatLineSink
{
    void Add(SeatLine line);
}

/// <summary>What the Entra directory says of a vendor account's keys.</summary>
public enum EntraMatch
{
    /// <summary>No Entra account has any of the keys: nobody the organisation knows (or a leaver already deleted).</summary>
    None,

    /// <summary>An enabled account has one of the keys.</summary>
    Enabled,

    /// <summary>Only disabled accounts have the keys: a leaver.</summary>
    Disabled,

    /// <summary>Only keys that several Entra accounts claim: joined to none of them, never a leaver.</summary>
    Shared,
}

/// <summary>
/// Entra ID accounts by every identity key they are known by (UPN, mail, proxy addresses, other mails): the other
/// side of the cross-source join (orphaned seats). A key two accounts claim joins neither of them.
/// </summary>
public sealed class EntraDirectory
{
    private readonly Dictionary<string, Claim> _claims = new(StringComparer.Ordinal);

    /// <summary>Distinct identity keys known.</summary>
    public int Count => _claims.Count;

    /// <summary>The keys more than one account claims, in the order they were found.</summary>
    public List<string> SharedKeys { get; } = [];

    /// <summary>Records an Entra account under each of its keys.</summary>
    public void Add(Account account)
    {
        foreach (var key in account.AllIdentityKeys)
        {
            Add(key, account.AccountId, account.Enabled);
        }
    }

    /// <summary>Records one key of an account; the same account may record a key twice.</summary>
    public void Add(string identityKey, string accountId, bool enabled)
    {
        if (!_claims.TryGetValue(identityKey, out var claim))
        {
            _claims[identityKey] = new Claim(accountId, enabled, false);
        }
        else if (!claim.Shared && claim.AccountId != accountId)
        {
            _claims[identityKey] = claim with { Shared = true };
            SharedKeys.Add(identityKey);
        }
    }

    /// <summary>
    /// Joins a vendor account by any of its keys: enabled if any key names an enabled account, disabled if the keys
    /// name only disabled ones, shared if every key it has is claimed by several accounts, none otherwise.
    /// </summary>
    public EntraMatch Match(Account account)
    {
        var match = EntraMatch.None;
        foreach (var key in account.AllIdentityKeys)
        {
            if (!_claims.TryGetValue(key, out var claim))
            {
                continue;
            }

            if (claim.Shared)
            {
                match = match == EntraMatch.None ? EntraMatch.Shared : match;
            }
            else if (claim.Enabled)
            {
                return EntraMatch.Enabled;
            }
            else
            {
                match = EntraMatch.Disabled;
            }
        }

        return match;
    }

    /// <summary>True: an enabled account; false: only disabled ones; null: none, or only keys several accounts share.</summary>
    public static bool? EnabledOf(EntraMatch match) => match switch
    {
        EntraMatch.Enabled => true,
        EntraMatch.Disabled => false,
        _ => null,
    };

    private readonly record struct Claim(string AccountId, bool Enabled, bool Shared);
}
