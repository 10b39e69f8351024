using System.Globalization;
using Seatwise.Core.Findings;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Alerts;

/// <summary>What one run's alert says: the headlines, the findings to announce and the context around them.</summary>
public sealed record RunAlert(
    string RunId,
    DateTimeOffset RunAt,
    IReadOnlyList<CurrencyHeadlines> Headlines,
    IReadOnlyList<Finding> NewFindings,
    int OpenTotal,
    IReadOnlyList<UpcomingRenewal> Renewals,
    string? DashboardUrl,
    int RenewalWindowDays);

/// <summary>What the weekly digest says.</summary>
public sealed record WeeklyDigest(
    DateTimeOffset At,
    IReadOnlyList<CurrencyHeadlines> Headlines,
    IReadOnlyList<TypeTotal> OpenByType,
    IReadOnlyList<Finding> MostExpensive,
    IReadOnlyList<UpcomingRenewal> Renewals,
    int NewThisWeek,
    int ResolvedThisWeek,
    IReadOnlyDictionary<string, decimal> WasteNow,
    IReadOnlyDictionary<string, decimal>? WasteWeekAgo,
    string? DashboardUrl,
    int RenewalWindowDays);

public sealed record TypeTotal(string Type, string Currency, int Count, decimal AnnualCost);

/// <summary>Which findings a run's alert announces (DESIGN.md section 9). Pure.</summary>
public static class AlertSelection
{
    /// <summary>
    /// Open findings this run still sees, never alerted, worth at least <paramref name="minAnnualCost"/>, most
    /// expensive first. Snoozed and acknowledged findings are never alerted; findings a failed delivery left
    /// un-alerted are picked up again by the next run.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> Select(IEnumerable<LedgerEntry> ledger, string runId, decimal minAnnualCost) =>
    [
        .. ledger
            .Where(e => e.Status == FindingStatus.Open && e.AlertedAt is null && e.LastRunId == runId && e.Finding.AnnualCost >= minAnnualCost)
            .OrderByDescending(e => e.Finding.AnnualCost)
            .ThenBy(e => e.Finding.Id, StringComparer.Ordinal),
    ];

    /// <summary>Renewals whose notice date falls in the next <paramref name="days"/> days (or has passed before the renewal).</summary>
    public static IReadOnlyList<UpcomingRenewal> NoticeSoon(IReadOnlyList<UpcomingRenewal> upcoming, int days) =>
        [.. upcoming.Where(r => r.DaysToNotice <= days)];

    /// <summary>"EUR 1,234.50 + USD 80.00": money of several currencies, never added together.</summary>
    public static string Money(IEnumerable<(string Currency, decimal Amount)> amounts)
    {
        // Currencies with nothing at stake (findings without a price) are left out rather than shown as 0.00.
        var sums = amounts.GroupBy(a => a.Currency, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => (Currency: g.Key, Amount: g.Sum(a => a.Amount))).ToList();
        var shown = sums.Any(s => s.Amount != 0) ? sums.Where(s => s.Amount != 0) : sums.Take(1);
        var text = string.Join(" + ", shown.Select(s => Money(s.Currency, s.Amount)));
        return text.Length == 0 ? "0" : text;
    }

    public static string Money(string currency, decimal amount) =>
        currency + " " + Math.Round(amount, 2, MidpointRounding.ToEven).ToString("N2", CultureInfo.InvariantCulture);
}
