using Seatwise.Core.Reclaim;

namespace Seatwise.Core.Tests.Reclaim;

public sealed class ReclaimNoticeTests
{
    private static readonly DateTimeOffset ActsAt = new(2026, 12, 8, 9, 0, 0, TimeSpan.Zero);

    private static ReclaimItem Item(string product = "SPE_E3") => new()
    {
        FindingId = "f1", Type = "inactive-seat", Source = "graph", AccountId = "a1", IdentityKey = "ann@contoso.example", Subject = "Ann",
        ProductKey = product, Action = ReclaimActions.RemoveLicense, AnnualCost = 405, Currency = "EUR", Status = ReclaimItemStatus.Planned,
        LastActivity = new DateTimeOffset(2026, 6, 30, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void AKeepLink_IsValidOnlyForItsPlanSeatAndExpiry_AndOnlyUnderItsKey()
    {
        var signature = KeepLink.Signature("key", "rp-1", 3, ActsAt);

        Assert.True(KeepLink.IsValid("key", "rp-1", 3, ActsAt, signature));
        Assert.False(KeepLink.IsValid("other-key", "rp-1", 3, ActsAt, signature));
        Assert.False(KeepLink.IsValid("key", "rp-2", 3, ActsAt, signature));
        Assert.False(KeepLink.IsValid("key", "rp-1", 4, ActsAt, signature));
        Assert.False(KeepLink.IsValid("key", "rp-1", 3, ActsAt.AddSeconds(1), signature));
        Assert.False(KeepLink.IsValid("key", "rp-1", 3, ActsAt, signature[..^1] + (signature[^1] == '0' ? '1' : '0')));
        Assert.Equal($"plan=rp-1&seat=3&expires={ActsAt.ToUnixTimeSeconds()}&sig={signature}", KeepLink.Query("key", "rp-1", 3, ActsAt));
    }

    [Fact]
    public void TheNotice_SaysWhatWhenAndWhy_WithTheLink_AndEncodesWhatItQuotes()
    {
        var notice = ReclaimNotices.For(Item("<E3&>"), ActsAt, "https://seatwise.example/api/reclaim-keep?plan=rp-1&seat=3", TimeSpan.FromDays(90));

        Assert.Equal("ann@contoso.example", notice.To);
        Assert.Contains("Tuesday 8 December 2026, 09:00 UTC", notice.Html, StringComparison.Ordinal);
        Assert.Contains("last used on 30 June 2026", notice.Html, StringComparison.Ordinal);
        Assert.Contains("href=\"https://seatwise.example/api/reclaim-keep?plan=rp-1&amp;seat=3\"", notice.Html, StringComparison.Ordinal);
        Assert.Contains("for 90 days", notice.Html, StringComparison.Ordinal);
        Assert.Contains("&lt;E3&amp;&gt;", notice.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("<E3&>", notice.Html, StringComparison.Ordinal);
    }
}
