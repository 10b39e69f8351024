using Seatwise.Core.Contracts;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Core.Reporting;

/// <summary>One contract whose notice date is coming up (or has passed while the renewal is still ahead).</summary>
public sealed record UpcomingRenewal(Contract Contract, DateOnly RenewalDate, DateOnly NoticeDate, int DaysToNotice, int DaysToRenewal);

public static class Renewals
{
    /// <summary>
    /// The renewal calendar: committed contracts whose notice date falls within <paramref name="withinDays"/> of
    /// today, or has already passed while the renewal date is still ahead (the same rule as the
    /// <c>renewal-due</c> finding), soonest notice first.
    /// </summary>
    public static IReadOnlyList<UpcomingRenewal> Upcoming(IEnumerable<Contract> contracts, DateTimeOffset now, int withinDays)
    {
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        return
        [
            .. contracts
                .Where(c => Reconciler.IsRenewalDue(c, now, withinDays))
                .Select(c => new UpcomingRenewal(c, c.RenewalDate!.Value, c.NoticeDate!.Value,
                    c.NoticeDate!.Value.DayNumber - today.DayNumber, c.RenewalDate!.Value.DayNumber - today.DayNumber))
                .OrderBy(r => r.NoticeDate)
                .ThenBy(r => r.Contract.Id, StringComparer.Ordinal),
        ];
    }
}
