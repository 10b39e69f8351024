using System.Globalization;
using Seatwise.Core.Inventory;

namespace Seatwise.Core.Findings;

/// <summary>How values are written into a finding's evidence: invariant, UTC, and a word where there is no value.</summary>
public static class EvidenceText
{
    public static string Of(int value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    public static string Of(bool value) => value ? "true" : "false";

    public static string Of(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";

    public static string Of(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "never";

    /// <summary>A person as a finding's subject: display name and identity key, or the key alone.</summary>
    public static string Person(Account account) =>
        string.IsNullOrWhiteSpace(account.DisplayName) ? account.IdentityKey : $"{account.DisplayName} <{account.IdentityKey}>";
}
