using System.Globalization;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Alerts;

/// <summary>What one run's alert says: the headlines, the findings to announce and the context around them.</summary>
public sealed record RunAlert(
    string RunId,
    DateTimeOffset RunAt,
    IReadOnlyList<CurrencyHeadlines> Headlines,
    AlertFindings NewFindings,
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
            .Where(e => IsNew(e, runId, minAnnualCost))
            .OrderBy(e => e.Finding, Order),
    ];

    /// <summary>Whether a run's alert announces the entry (see <see cref="Select"/>).</summary>
    public static bool IsNew(LedgerEntry entry, string runId, decimal minAnnualCost) =>
        entry.Status == FindingStatus.Open && entry.AlertedAt is null && entry.LastRunId == runId && entry.Finding.AnnualCost >= minAnnualCost;

    /// <summary>The order alerts list findings in: most expensive first, then by id.</summary>
    public static readonly IComparer<Finding> Order = Comparer<Finding>.Create((a, b) =>
    {
        var byCost = b.AnnualCost.CompareTo(a.AnnualCost);
        return byCost != 0 ? byCost : string.CompareOrdinal(a.Id, b.Id);
    });

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

/// <summary>
/// The new findings a run's card announces, gathered one at a time in any order: how many of each kind, the most
/// expensive ones the card can show, and the money of every savings finding per currency. A first run at 100,000
/// users announces over 130,000 findings and the card shows ten, so the alert step keeps these instead of them all.
/// </summary>
public sealed class AlertFindings
{
    private readonly List<Finding> _savings = [];
    private readonly List<Finding> _review = [];
    private readonly Dictionary<string, (int Count, decimal Amount)> _savingsByCurrency = new(StringComparer.Ordinal);

    public int Count { get; private set; }

    public int SavingsCount { get; private set; }

    public int ReviewCount { get; private set; }

    /// <summary>The most expensive savings findings, in <see cref="AlertSelection.Order"/>, at most <see cref="TeamsCards.TopFindings"/>.</summary>
    public IReadOnlyList<Finding> TopSavings => _savings;

    /// <summary>The most expensive review findings, in <see cref="AlertSelection.Order"/>, at most <see cref="TeamsCards.MaxReviewShown"/>.</summary>
    public IReadOnlyList<Finding> TopReview => _review;

    public static AlertFindings Of(IEnumerable<Finding> findings)
    {
        var gathered = new AlertFindings();
        foreach (var finding in findings)
        {
            gathered.Add(finding);
        }

        return gathered;
    }

    public void Add(Finding finding)
    {
        Count++;
        if (finding.MoneyKind == MoneyKinds.Savings)
        {
            SavingsCount++;
            var (count, amount) = _savingsByCurrency.GetValueOrDefault(finding.Currency);
            _savingsByCurrency[finding.Currency] = (count + 1, amount + finding.AnnualCost);
            Keep(_savings, finding, TeamsCards.TopFindings);
        }
        else if (finding.MoneyKind == MoneyKinds.Review)
        {
            ReviewCount++;
            Keep(_review, finding, TeamsCards.MaxReviewShown);
        }
    }

    /// <summary>The money of the savings findings past the first <paramref name="shown"/>, per currency that has any.</summary>
    public IEnumerable<(string Currency, decimal Amount)> SavingsAfter(int shown)
    {
        var rest = new Dictionary<string, (int Count, decimal Amount)>(_savingsByCurrency, StringComparer.Ordinal);
        foreach (var f in _savings.Take(shown))
        {
            var (count, amount) = rest[f.Currency];
            rest[f.Currency] = (count - 1, amount - f.AnnualCost);
        }

        return rest.Where(r => r.Value.Count > 0).Select(r => (r.Key, r.Value.Amount));
    }

    private static void Keep(List<Finding> top, Finding finding, int most)
    {
        var at = top.BinarySearch(finding, AlertSelection.Order);
        at = at < 0 ? ~at : at;
        if (at >= most)
        {
            return;
        }

        top.Insert(at, finding);
        if (top.Count > most)
        {
            top.RemoveAt(most);
        }
    }
}
