using Seatwise.Core.Apps;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Core.Reporting;

/// <summary>
/// The numbers a FinOps lead reads first, per currency, each of one kind and never added to another: what the
/// register costs, what is unused now, what cutting seats at renewal saves, what a true-up could cost, and the
/// spend people must decide about. The summary API, the Teams card, the weekly digest and the dashboard all show
/// these values, computed here and nowhere else.
/// </summary>
public sealed record CurrencyHeadlines(
    string Currency,
    decimal AnnualSpend,
    decimal UnusedNow,
    decimal PotentialSavings,
    decimal TrueUpExposure,
    decimal SpendUnderReview,
    int ContractsUnderReview);

/// <summary>One currency's headlines over every tenant of a deployment that has contracts in it.</summary>
public sealed record PortfolioHeadlines(
    string Currency,
    int Tenants,
    decimal AnnualSpend,
    decimal UnusedNow,
    decimal PotentialSavings,
    decimal TrueUpExposure,
    decimal SpendUnderReview,
    int ContractsUnderReview);

public static class Headlines
{
    /// <summary>
    /// Per currency of the positions. Spend under review counts each contract once, however many review findings
    /// (renewal-due, overlapping-apps, dormant-app) name it, so it is never above the annual spend.
    /// </summary>
    public static IReadOnlyList<CurrencyHeadlines> Compute(IEnumerable<Position> positions, IEnumerable<Finding> openFindings)
    {
        var underReview = openFindings.Where(f => f.MoneyKind == MoneyKinds.Review).SelectMany(ContractsNamed).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. positions
                .GroupBy(p => p.Currency, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g =>
                {
                    var reviewed = g.Where(p => underReview.Contains(p.ContractId)).ToList();
                    return new CurrencyHeadlines(
                        g.Key,
                        g.Sum(p => p.AnnualCost),
                        g.Sum(p => p.AnnualWaste),
                        g.Sum(p => p.PotentialSavings),
                        g.Sum(p => p.TrueUpExposure),
                        reviewed.Sum(p => p.AnnualCost),
                        reviewed.Count);
                }),
        ];
    }

    /// <summary>
    /// A portfolio's headlines: each tenant's summed per currency and per kind (spend with spend, savings with
    /// savings), never across currencies or kinds; how many tenants each currency's sums cover.
    /// </summary>
    public static IReadOnlyList<PortfolioHeadlines> Portfolio(IEnumerable<IReadOnlyList<CurrencyHeadlines>> tenants) =>
    [
        .. tenants.SelectMany(t => t)
            .GroupBy(h => h.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new PortfolioHeadlines(
                g.Key,
                g.Count(),
                g.Sum(h => h.AnnualSpend),
                g.Sum(h => h.UnusedNow),
                g.Sum(h => h.PotentialSavings),
                g.Sum(h => h.TrueUpExposure),
                g.Sum(h => h.SpendUnderReview),
                g.Sum(h => h.ContractsUnderReview))),
    ];

    /// <summary>The contracts a finding is about: its own, or those its evidence lists (overlapping or dormant apps).</summary>
    public static IEnumerable<string> ContractsNamed(Finding finding)
    {
        if (finding.ContractId.Length > 0)
        {
            yield return finding.ContractId;
        }

        foreach (var key in (string[])[AppRules.ContractsEvidence, AppRules.ContractEvidence])
        {
            if (finding.Evidence.TryGetValue(key, out var ids) && ids != "none")
            {
                foreach (var id in ids.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    yield return id;
                }
            }
        }
    }
}
