using Seatwise.Core.Reconciliation;

namespace Seatwise.Core.Reporting;

/// <summary>Dashboard totals of one currency: money never adds up across currencies.</summary>
public sealed record CurrencyTotals(
    string Currency,
    int Contracts,
    decimal AnnualCost,
    decimal AnnualWaste,
    decimal PotentialSavings,
    int Entitled,
    int Assigned,
    int Used,
    decimal? Utilization);

public static class Totals
{
    /// <summary>
    /// Sums positions per currency. Utilization is seat-weighted, used seats over entitled seats of the currency's
    /// contracts, so a 1,000-seat contract counts more than a 5-seat one; null when nothing is entitled.
    /// </summary>
    public static IReadOnlyList<CurrencyTotals> ByCurrency(IEnumerable<Position> positions) =>
    [
        .. positions
            .GroupBy(p => p.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g =>
            {
                var entitled = g.Sum(p => p.Entitled);
                var used = g.Sum(p => p.Counts.Used);
                return new CurrencyTotals(
                    g.Key,
                    g.Count(),
                    g.Sum(p => p.AnnualCost),
                    g.Sum(p => p.AnnualWaste),
                    g.Sum(p => p.PotentialSavings),
                    entitled,
                    g.Sum(p => p.Assigned),
                    used,
                    entitled == 0 ? null : (decimal)used / entitled);
            }),
    ];
}
