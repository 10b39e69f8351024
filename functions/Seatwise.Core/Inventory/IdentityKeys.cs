namespace Seatwise.Core.Inventory;

/// <summary>
/// Normalises an email or UPN into the key that joins one person's accounts across sources: trimmed, lower
/// case, plus-addressing removed (<c>ann+slack@x.com</c> → <c>ann@x.com</c>), alias domains mapped to the
/// primary domain.
/// </summary>
public sealed class IdentityKeys(IReadOnlyDictionary<string, string>? aliasDomains = null)
{
    public static readonly IdentityKeys Default = new();

    /// <summary>
    /// Reads alias domains written as <c>alias=primary</c> pairs separated by <c>;</c> (the <c>Identity__AliasDomains</c>
    /// setting), e.g. <c>contoso-old.com=contoso.com;contoso.onmicrosoft.com=contoso.com</c>. Empty means none.
    /// </summary>
    /// <exception cref="FormatException">An entry is not <c>alias=primary</c> with two domain names, or an alias repeats.</exception>
    public static IdentityKeys Parse(string? aliasDomains)
    {
        var aliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in (aliasDomains ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = entry.Split('=', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || !IsDomain(parts[0]) || !IsDomain(parts[1]))
            {
                throw new FormatException($"'{entry}' is not alias=primary with two domain names (e.g. contoso-old.com=contoso.com)");
            }

            if (!aliases.TryAdd(parts[0], parts[1]))
            {
                throw new FormatException($"alias domain '{parts[0]}' is listed twice");
            }
        }

        return aliases.Count == 0 ? Default : new IdentityKeys(aliases);
    }

    private static bool IsDomain(string value) =>
        value.Length is > 2 and < 254 && value.Contains('.', StringComparison.Ordinal) && !value.Contains('@', StringComparison.Ordinal) &&
        value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-');

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

    /// <summary>
    /// The keys of a person's further addresses besides <paramref name="identityKey"/>: normalised, each once,
    /// without the key itself and without values that are not email addresses; null when none is left.
    /// </summary>
    public IReadOnlyList<string>? Others(string identityKey, IEnumerable<string?> addresses)
    {
        List<string>? others = null;
        foreach (var address in addresses)
        {
            var key = Normalize(address);
            if (key.IndexOf('@', StringComparison.Ordinal) > 0 && key != identityKey && !(others?.Contains(key) ?? false))
            {
                (others ??= []).Add(key);
            }
        }

        return others;
    }

    /// <summary>
    /// The email address of an Exchange proxy address (<c>SMTP:</c> the primary, <c>smtp:</c> the others, as Entra
    /// lists them in <c>proxyAddresses</c>); null for the other kinds (<c>SIP:</c>, <c>X500:</c>...), which are not mail.
    /// </summary>
    public static string? SmtpAddress(string? proxyAddress) =>
        proxyAddress is { Length: > 5 } p && p.StartsWith("smtp:", StringComparison.OrdinalIgnoreCase) ? p[5..] : null;
}
