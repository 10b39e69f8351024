using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Seatwise.Core.Reclaim;

/// <summary>A seat a person asked to keep, exempt from reclaim plans until <see cref="Until"/>.</summary>
public sealed record ReclaimKeep(string Source, string IdentityKey, string ProductKey, DateTimeOffset Until, string PlanId);

/// <summary>
/// The "keep" link in a notice: <c>plan</c>, seat <c>index</c> and <c>expires</c> signed with HMAC-SHA256, so only
/// the link Seatwise sent works, for that seat, until the action runs. The key comes from the approver key, so
/// rotating that key also voids the links sent before.
/// </summary>
public static class KeepLink
{
    public static string Signature(string signingKey, string planId, int index, DateTimeOffset expires)
    {
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), "seatwise-reclaim-keep-link"u8);
        var data = Encoding.UTF8.GetBytes(string.Join("|", planId, index.ToString(CultureInfo.InvariantCulture), expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, data));
    }

    public static string Query(string signingKey, string planId, int index, DateTimeOffset expires) =>
        $"plan={Uri.EscapeDataString(planId)}&seat={index.ToString(CultureInfo.InvariantCulture)}&expires={expires.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}" +
        $"&sig={Signature(signingKey, planId, index, expires)}";

    /// <summary>Whether <paramref name="signature"/> is the one Seatwise made; compared in constant time.</summary>
    public static bool IsValid(string signingKey, string planId, int index, DateTimeOffset expires, string signature) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Signature(signingKey, planId, index, expires)), Encoding.ASCII.GetBytes(signature));
}

/// <summary>The message a seat holder gets before their seat is reclaimed.</summary>
public sealed record ReclaimNoticeMessage(string To, string Subject, string Html);

public static class ReclaimNotices
{
    /// <summary>The notice for one seat: what is removed, when, why, and the one link that keeps it.</summary>
    public static ReclaimNoticeMessage For(ReclaimItem item, DateTimeOffset actsAt, string keepUrl, TimeSpan keepFor)
    {
        var product = WebUtility.HtmlEncode(item.ProductKey);
        var when = actsAt.UtcDateTime.ToString("dddd d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var idle = item.LastActivity is { } last
            ? $"It was last used on {last.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}."
            : "It has not been used since it was assigned.";
        var html = $"""
            <p>Your {WebUtility.HtmlEncode(item.Source)} licence <b>{product}</b> is going to be removed on {when}, because it is not being used. {idle}</p>
            <p>If you still need it, <a href="{WebUtility.HtmlEncode(keepUrl)}">keep my licence</a> before then: it will then be left alone for {keepFor.TotalDays:0} days.</p>
            <p>If you do nothing, the licence is removed and can be given back within two weeks if you ask your IT team.</p>
            """;
        return new ReclaimNoticeMessage(item.IdentityKey, $"Your {item.ProductKey} licence will be removed on {actsAt.UtcDateTime.ToString("d MMMM", CultureInfo.InvariantCulture)}", html);
    }
}
