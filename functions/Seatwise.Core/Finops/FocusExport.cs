using System.Globalization;
using System.Text;
using System.Text.Json;
using Seatwise.Core.Contracts;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Finops;

/// <summary>
/// The contract register as FOCUS 1.2 charges of one billing month (docs/finops.md maps every column).
/// <list type="bullet">
/// <item>Monthly billing: one <c>Purchase</c>/<c>Recurring</c> row per month of the term, billed and effective alike.</item>
/// <item>Annual billing: each billing year (from the term start, else the renewal date, else 1 January; cut at the term's
/// end unless the contract renews itself) is one
/// <c>Purchase</c> row in the month it starts, carrying the billed amount with EffectiveCost 0, and one
/// <c>Usage</c>/<c>Recurring</c> amortisation row in every month it covers, carrying the month's share as EffectiveCost
/// with BilledCost 0. A month's share follows the part of the month the year covers (a whole month is a twelfth);
/// the year's last month takes the rounding remainder, so the shares add up to the billed amount exactly.</item>
/// </list>
/// Seatwise's figures (<c>x_EntitledSeats</c> ... <c>x_PotentialSavings</c>) go on one row per contract and month (the
/// amortisation row, or the monthly purchase), so a SUM over the rows counts each contract once.
/// </summary>
public static class FocusExport
{
    public const string Purchase = "Purchase";

    public const string Usage = "Usage";

    /// <summary>
    /// The month's rows of every contract, in contract order. A contract without a seat count (Graph's prepaid units
    /// and no run of the month to read them from) has nothing to price and gives no rows.
    /// </summary>
    public static IReadOnlyList<FocusRow> ForMonth(string tenant, IEnumerable<Contract> contracts, IReadOnlyDictionary<string, Position> positions, DateOnly month)
    {
        var first = Months.First(month);
        return [.. contracts.OrderBy(c => c.Id, StringComparer.Ordinal).SelectMany(c => ForContract(tenant, c, positions.GetValueOrDefault(c.Id), first))];
    }

    /// <summary>
    /// What the register says the vendor invoices for the contract in a month (its Purchase charges at the contracted
    /// price, before the Marketplace's BilledCost 0): what the Azure bill is compared with for <c>price-drift</c>.
    /// </summary>
    public static decimal Contracted(Contract contract, int seats, DateOnly month)
    {
        var first = Months.First(month);
        var common = Common(string.Empty, contract, first);
        var rows = contract.BillingPeriod == BillingPeriod.Monthly
            ? Monthly(contract, seats, first, common)
            : [.. AnnualPeriods(contract, first).SelectMany(p => Annual(contract, seats, first, p, common))];
        return rows.Where(r => r.ChargeCategory == Purchase).Sum(r => r.ContractedCost);
    }

    private static List<FocusRow> ForContract(string tenant, Contract contract, Position? position, DateOnly month)
    {
        if ((contract.Seats ?? position?.Entitled) is not { } seats)
        {
            return [];
        }

        var common = Common(tenant, contract, month);
        var rows = contract.BillingPeriod == BillingPeriod.Monthly
            ? Monthly(contract, seats, month, common)
            : [.. AnnualPeriods(contract, month).SelectMany(p => Annual(contract, seats, month, p, common))];

        // The figures once per contract and month: on the first row that is the month's own charge.
        var figures = rows.FindIndex(r => r.ChargeCategory == Usage || contract.BillingPeriod == BillingPeriod.Monthly);
        if (figures >= 0 && position is not null)
        {
            rows[figures] = rows[figures] with
            {
                EntitledSeats = position.Entitled,
                ActiveSeats = position.Counts.Used,
                WasteSeats = Math.Max(0, position.Entitled - position.Counts.Used),
                MonthlyWaste = Cents(position.AnnualWaste / 12),
                PotentialSavings = Cents(position.PotentialSavings / 12),
            };
        }

        return rows;
    }

    private static List<FocusRow> Monthly(Contract contract, int seats, DateOnly month, FocusRow common)
    {
        if (Clip(month, month.AddMonths(1), contract.TermStart, TermEnd(contract)) is not { } term)
        {
            return [];
        }

        var (start, end) = term;

        var share = Coverage(month, start, end);
        var quantity = Quantity(seats * share);
        var cost = Cents(seats * contract.UnitPrice * share);
        return
        [
            common with
            {
                ChargeCategory = Purchase,
                ChargeFrequency = "Recurring",
                ChargeDescription = $"{contract.Name}: {Number(seats)} seats at {Number(contract.UnitPrice)} {contract.Currency} per month",
                ChargePeriodStart = Instant(start),
                ChargePeriodEnd = Instant(end),
                PricingQuantity = quantity,
                PricingUnit = "License-Months",
                BilledCost = Billed(contract, cost),
                EffectiveCost = Billed(contract, cost),
                ListCost = cost,
                ContractedCost = cost,
            },
        ];
    }

    private static IEnumerable<FocusRow> Annual(Contract contract, int seats, DateOnly month, (DateOnly Start, DateOnly End) year, FocusRow common)
    {
        // Each month the billing year touches, weighted by the part of it the year covers.
        var months = new List<(DateOnly Month, decimal Weight)>();
        for (var m = Months.First(year.Start); m < year.End; m = m.AddMonths(1))
        {
            months.Add((m, Coverage(m, Max(m, year.Start), Min(m.AddMonths(1), year.End))));
        }

        var weight = months.Sum(m => m.Weight);
        var whole = year.End == year.Start.AddYears(1);
        // A whole year costs the annual price; a shortened last year of a term its share by months covered.
        var fraction = whole ? 1m : weight / 12;
        var cost = Cents(seats * contract.UnitPrice * fraction);
        var description = $"{contract.Name}: {Number(seats)} seats at {Number(contract.UnitPrice)} {contract.Currency} per year, {Day(year.Start)} to {Day(year.End.AddDays(-1))}";
        if (year.Start >= month && year.Start < month.AddMonths(1))
        {
            yield return common with
            {
                ChargeCategory = Purchase,
                ChargeFrequency = contract.AutoRenew ? "Recurring" : "One-Time",
                ChargeDescription = description,
                ChargePeriodStart = Instant(year.Start),
                ChargePeriodEnd = Instant(year.End),
                PricingQuantity = Quantity(seats * fraction),
                PricingUnit = "License-Years",
                BilledCost = Billed(contract, cost),
                EffectiveCost = 0,
                ListCost = cost,
                ContractedCost = cost,
            };
        }

        var index = months.FindIndex(m => m.Month == month);
        if (index < 0)
        {
            yield break;
        }

        var shares = months.Select(m => Cents(cost * m.Weight / weight)).ToList();
        var effective = index == months.Count - 1 ? cost - shares.Take(index).Sum() : shares[index];
        var quantity = Quantity(seats * fraction * months[index].Weight / weight);
        yield return common with
        {
            ChargeCategory = Usage,
            ChargeFrequency = "Recurring",
            ChargeDescription = description + " (the month's share)",
            ChargePeriodStart = Instant(Max(month, year.Start)),
            ChargePeriodEnd = Instant(Min(month.AddMonths(1), year.End)),
            PricingQuantity = quantity,
            PricingUnit = "License-Years",
            BilledCost = 0,
            EffectiveCost = Billed(contract, effective),
            ListCost = Cents(contract.UnitPrice * quantity),
            ContractedCost = Cents(contract.UnitPrice * quantity),
        };
    }

    /// <summary>
    /// The billing years that overlap the month: counted from the term start, else from the renewal date, else from
    /// 1 January; cut at the term's end.
    /// </summary>
    private static IEnumerable<(DateOnly Start, DateOnly End)> AnnualPeriods(Contract contract, DateOnly month)
    {
        var anchor = contract.TermStart ?? contract.RenewalDate ?? new DateOnly(month.Year, 1, 1);
        var termEnd = TermEnd(contract);
        for (var k = month.Year - anchor.Year - 1; k <= month.Year - anchor.Year + 1; k++)
        {
            if (contract.TermStart is not null && k < 0)
            {
                continue;
            }

            var start = anchor.AddYears(k);
            var end = anchor.AddYears(k + 1);
            if (termEnd is { } cut && cut < end)
            {
                end = cut;
            }

            if (start < end && start < month.AddMonths(1) && end > month)
            {
                yield return (start, end);
            }
        }
    }

    private static FocusRow Common(string tenant, Contract contract, DateOnly month)
    {
        var (category, subcategory) = Service(contract.Source);
        var sku = string.Join("+", contract.ProductKeys);
        var period = contract.BillingPeriod == BillingPeriod.Monthly ? "monthly" : "annual";
        var issuer = Issuer(contract);
        return new FocusRow
        {
            BillingAccountId = $"{tenant}/{Slug(issuer)}",
            BillingAccountName = issuer,
            BillingCurrency = contract.Currency,
            BillingPeriodStart = Instant(month),
            BillingPeriodEnd = Instant(month.AddMonths(1)),
            ProviderName = issuer,
            PublisherName = contract.Vendor,
            InvoiceIssuerName = issuer,
            ServiceCategory = category,
            ServiceSubcategory = subcategory,
            ServiceName = contract.Name,
            PricingCategory = "Standard",
            ListUnitPrice = contract.UnitPrice,
            ContractedUnitPrice = contract.UnitPrice,
            SkuId = sku,
            SkuPriceId = $"{sku}/{period}",
            SkuMeter = "Licenses",
            SkuPriceDetails = JsonSerializer.Serialize(new SortedDictionary<string, string>(StringComparer.Ordinal) { ["x_BillingPeriod"] = period }),
            Tags = Tags(contract),
            ContractId = contract.Id,
            ChargeCategory = Purchase,
            ChargeFrequency = "Recurring",
            ChargeDescription = contract.Name,
            ChargePeriodStart = Instant(month),
            ChargePeriodEnd = Instant(month.AddMonths(1)),
            PricingQuantity = 0,
            PricingUnit = "Licenses",
            BilledCost = 0,
            EffectiveCost = 0,
            ListCost = 0,
            ContractedCost = 0,
        };
    }

    /// <summary>
    /// Who provides and invoices (FOCUS origination of cost data): the vendor when bought directly, the reseller when
    /// <see cref="Contract.BilledThrough"/> names one, Microsoft for the Azure Marketplace. The publisher is always the vendor.
    /// </summary>
    public static string Issuer(Contract contract) =>
        contract.IsAzureMarketplace ? "Microsoft" : string.IsNullOrWhiteSpace(contract.BilledThrough) ? contract.Vendor : contract.BilledThrough;

    /// <summary>
    /// BilledCost and EffectiveCost of a charge: Azure Marketplace purchases are already billed and amortised in Azure's
    /// own FOCUS export, so here they carry 0 (their list and contracted cost, seats and Seatwise's figures stay), and
    /// a tool that loads both counts the money once.
    /// </summary>
    private static decimal Billed(Contract contract, decimal amount) => contract.IsAzureMarketplace ? 0 : amount;

    /// <summary>
    /// Where the charges stop (exclusive): the day after termEnd; never for a contract that renews itself, which goes on
    /// with the same terms until the register says otherwise (an unedited register must not make its spend vanish).
    /// </summary>
    private static DateOnly? TermEnd(Contract contract) => contract.AutoRenew ? null : contract.TermEnd?.AddDays(1);

    /// <summary>FOCUS ServiceCategory and ServiceSubcategory by the source that lists a contract's seats.</summary>
    public static (string Category, string Subcategory) Service(string source) => source switch
    {
        SourceNames.GitHub => ("Developer Tools", "Source Code Management"),
        SourceNames.Graph or SourceNames.Slack or SourceNames.Zoom or SourceNames.Atlassian => ("Business Applications", "Productivity and Collaboration"),
        _ => ("Business Applications", "Other (Business Applications)"),
    };

    private static string? Tags(Contract contract)
    {
        var tags = new SortedDictionary<string, string>(StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(contract.Owner))
        {
            tags["owner"] = contract.Owner;
        }

        if (!string.IsNullOrWhiteSpace(contract.CostCenter))
        {
            tags["costCenter"] = contract.CostCenter;
        }

        return tags.Count == 0 ? null : JsonSerializer.Serialize(tags);
    }

    private static string Slug(string text)
    {
        var slug = new StringBuilder(text.Length);
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            slug.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }

        return slug.ToString();
    }

    /// <summary>The fraction of <paramref name="month"/> that [start, end) covers.</summary>
    private static decimal Coverage(DateOnly month, DateOnly start, DateOnly end) =>
        (decimal)(end.DayNumber - start.DayNumber) / DateTime.DaysInMonth(month.Year, month.Month);

    private static (DateOnly Start, DateOnly End)? Clip(DateOnly start, DateOnly end, DateOnly? from, DateOnly? until)
    {
        var s = from is { } f ? Max(start, f) : start;
        var e = until is { } u ? Min(end, u) : end;
        return s < e ? (s, e) : null;
    }

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateTimeOffset Instant(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Amounts to the cent (FOCUS leaves precision to the exporter; the register's prices are in cents).</summary>
    private static decimal Cents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);

    private static decimal Quantity(decimal amount) => Math.Round(amount, 10, MidpointRounding.AwayFromZero);

    private static string Number(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
