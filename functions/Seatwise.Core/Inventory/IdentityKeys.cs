namespace Seatwise.Core.Inventory;

/// <summary>
/// Normalises an email or UPN into the key that joins one person's accounts across sources: trimmed, lower
/// case, plus-addressing removed (<c>ann+slack@x.com</c> → <c>ann@x.com</c>), alias domains mapped to the
/// primary domain.
/// </summary>
public sealed class IdentityKeys(IReadOnlyDictionary<string, string>? aliasDomains = null)
{
    public static readonly IdentityKeys Default = new();

    private readonly Dictionary<string, string> _aliases = (aliasDomains ?? new Dictionary<string, string>())
        .ToDictionary(kv => kv.Key.Trim().ToLowerInvariant(), kv => kv.Value.Trim().ToLowerInvariant(), StringComparer.Ordinal);

    public string Normalize(string? emailOrUpn)
    {
        var value = (emailOrUpn ?? string.Empty).Trim().ToLowerInvariant();
        var at = value.LastIndexOf('@');
        if (at <= 0 || at == value.Length - 1)
        {
            return value;
        }

        var local = value[..at];
        var domain = value[(at + 1)..];
        var plus = local.IndexOf('+', StringComparison.Ordinal);
        if (plus > 0)
        {
            local = local[..plus];
        }

        if (_aliases.TryGetValue(domain, out var primary))
        {
            domain = primary;
        }

        return local + "@" + domain;
    }
}
