using Seatwise.Workflows.Tenants;

namespace Seatwise.Workflows.Tests.Tenants;

public sealed class TenantScheduleTests
{
    private static readonly DateTimeOffset Tick = new(2026, 12, 1, 2, 15, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("0 0 2 * * *", "2026-12-01T02:00:00Z")] // 15 minutes ago: due
    [InlineData("0 15 2 * * *", "2026-12-01T02:15:00Z")] // this very instant: due (the window's end is inclusive)
    [InlineData("0 50 1 * * *", "2026-12-01T01:50:00Z")] // 25 minutes ago: a lost tick in between still catches it
    [InlineData("0 */10 * * * *", "2026-12-01T02:10:00Z")] // several in the window: the latest
    public void AnOccurrenceWithinTheWindow_IsDue(string cron, string expected) =>
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), TenantSchedule.DueOccurrence(cron, Tick));

    [Theory]
    [InlineData("0 45 1 * * *")] // 30 minutes ago: the window's start is exclusive, the tick before took it
    [InlineData("0 16 2 * * *")] // a minute ahead
    [InlineData("0 0 2 * * 1")] // Mondays; 1 December 2026 is a Tuesday
    public void NoOccurrenceWithinTheWindow_IsNotDue(string cron) => Assert.Null(TenantSchedule.DueOccurrence(cron, Tick));

    [Theory]
    [InlineData("0 0 2 * *")]
    [InlineData("0 0 25 * * *")]
    public void AnUnreadableSchedule_IsNamed(string cron) =>
        Assert.Contains("is not a six-field cron expression", TenantSchedule.Problem(cron), StringComparison.Ordinal);
}
