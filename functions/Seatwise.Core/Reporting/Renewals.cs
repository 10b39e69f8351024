using Seatwise.Core.Contracts;

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
                .Where(c => IsDue(c, now, withinDays))
                .Select(c => new UpcomingRenewal(c, c.RenewalDate!.Value, c.NoticeDate!.Value,
                    c.NoticeDate!.Value.DayNumber - today.DayNumber, c.RenewalDate!.Value.DayNumber - today.DayNumber))
                .OrderBy(r => r.NoticeDate)
                .ThenBy(r => r.Contract.Id, StringComparer.Ordinal),
        ];
    }

    /// <summary>
    /// A committed contract whose notice date (renewalDate − noticeDays) falls within the look-ahead of the run
    /// date, or has passed while the renewal date is still ahead: renewal ≥ today and noticeDate ≤ today + look-ahead.
    /// The rule of the <c>renewal-due</c> finding and of the renewal calendar.
    /// </summary>
    public static bool IsDue(Contract contract, DateTimeOffset runAt, int lookaheadDays)
    {
        if (!contract.IsCommitted || contract.RenewalDate is not { } renewal)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(runAt.UtcDateTime);
        return renewal >= today && contract.NoticeDate!.Value <= today.AddDays(lookaheadDays);
    }
}
