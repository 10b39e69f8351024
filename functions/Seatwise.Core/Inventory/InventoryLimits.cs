namespace Seatwise.Core.Inventory;

/// <summary>
/// How long a value from a source may be. Real ones are far shorter (an e-mail address is at most 254 characters,
/// a product key a few dozen); a longer one is a broken export or hostile data, and written to storage it would
/// fail the whole contract (Azure Table Storage takes at most 64 KiB per property). Checked where data enters.
/// </summary>
public static class InventoryLimits
{
    public const int MaxTextLength = 1024;

    /// <summary>The first field of an account's seats that is too long, as "name (N characters)", or null.</summary>
    public static string? Problem(AccountSeats account)
    {
        var a = account.Account;
        return TooLong("accountId", a.AccountId) ?? TooLong("identityKey", a.IdentityKey) ?? TooLong("displayName", a.DisplayName)
            ?? account.Seats.Select(s => TooLong("productKey", s.ProductKey)).FirstOrDefault(p => p is not null);
    }

    /// <summary>"email (40,000 characters; at most 1,024)" when the value is too long, else null.</summary>
    public static string? TooLong(string field, string? value) =>
        value is { Length: > MaxTextLength } ? $"{field} ({value.Length:N0} characters; at most {MaxTextLength:N0})" : null;
}

/// <summary>
/// Writes a source's snapshot, leaving out accounts with a field no real source produces (<see cref="InventoryLimits"/>)
/// and counting them, so one bad record costs its own seats and a warning, never the whole contract.
/// </summary>
public sealed class GuardedSnapshotWriter(ISnapshotWriter inner) : ISnapshotWriter
{
    private string? _first;

    public int Rejected { get; private set; }

    /// <summary>One warning for the run, naming the first record left out; null when none was.</summary>
    public string? Warning => Rejected == 0 ? null
        : $"{Rejected:N0} account(s) left out because a field is too long; the first: {_first}";

    public Task WriteAsync<T>(string part, T record, CancellationToken cancellationToken)
    {
        if (record is AccountSeats seats && InventoryLimits.Problem(seats) is { } problem)
        {
            Rejected++;
            _first ??= $"{Shorten(seats.Account.AccountId)}: {problem}";
            return Task.CompletedTask;
        }

        return inner.WriteAsync(part, record, cancellationToken);
    }

    public void SetProperty(string name, string value) => inner.SetProperty(name, value);

    private static string Shorten(string value) => value.Length <= 60 ? value : value[..57] + "...";
}
