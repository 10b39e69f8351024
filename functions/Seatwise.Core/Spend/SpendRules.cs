using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Finops;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Spend;

/// <summary>What the Azure bill rules need: the register, this run's positions and the <c>azure</c> source's snapshot.</summary>
public sealed record SpendInput
{
    public required string TenantId { get; init; }

    public RulesOptions Rules { get; init; } = new();

    public required IReadOnlyList<Contract> Contracts { get; init; }

    /// <summary>This run's positions by contract id (the entitled seats of contracts whose seat count comes from a source).</summary>
    public IReadOnlyDictionary<string, Position> Positions { get; init; } = new Dictionary<string, Position>();

    public IReadOnlyList<MarketplaceSubscription> Subscriptions { get; init; } = [];

    public IReadOnlyList<Charge> Charges { get; init; } = [];

    /// <summary>The closed months the charges cover (first days); every one counts, also a month nothing was billed in.</summary>
    public required IReadOnlyList<DateOnly> Months { get; init; }
}

/// <summary>
/// The rules over what Azure actually billed (the ReconcileSpend step): <c>price-drift</c> when a contract's
/// charges differ from what the register says the vendor invoices by more than the tolerance, and
/// <c>uncontracted-spend</c> for Marketplace charges no contract claims.
/// </summary>
public static class SpendRules
{
    public static IReadOnlyList<Finding> Evaluate(SpendInput input)
    {
        var findings = new List<Finding>();
        if (input.Months.Count == 0)
        {
            return findings;
        }

        var matches = new List<(Contract Contract, BillingMatch Match)>();
        foreach (var contract in input.Contracts.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            if (contract.BillingMatch is { } text && BillingMatch.Parse(text, out _) is { } match)
            {
                matches.Add((contract, match));
            }
        }

        foreach (var (contract, match) in matches)
        {
            if (!contract.ExcludeFromFindings && PriceDrift(input, contract, match) is { } finding)
            {
                findings.Add(finding);
            }
        }

        findings.AddRange(UncontractedSpend(input, matches));
        return findings;
    }

    private static Finding? PriceDrift(SpendInput input, Contract contract, BillingMatch match)
    {
        var charged = input.Charges.Where(match.Matches).ToList();
        if (charged.Count == 0 || (contract.Seats ?? input.Positions.GetValueOrDefault(contract.Id)?.Entitled) is not { } seats)
        {
            // Nothing billed in the window (not yet, or the rule names nothing on the bill): nothing to compare.
            return null;
        }

        var inCurrency = charged.Where(c => string.Equals(c.Currency, contract.Currency, StringComparison.OrdinalIgnoreCase)).ToList();
        var billed = inCurrency.Sum(c => c.Cost);
        var contracted = input.Months.Sum(m => FocusExport.Contracted(contract, seats, m));
        var difference = billed - contracted;
        var tolerance = Math.Abs(contracted) * input.Rules.PriceDriftTolerancePercent / 100;
        if (Math.Abs(difference) <= tolerance || Math.Abs(difference) < 0.01m)
        {
            return null;
        }

        var evidence = new Dictionary<string, string>
        {
            ["months"] = Window(input.Months),
            ["billed"] = EvidenceText.Of(billed),
            ["contracted"] = EvidenceText.Of(contracted),
            ["difference"] = EvidenceText.Of(difference),
            ["tolerancePercent"] = EvidenceText.Of(input.Rules.PriceDriftTolerancePercent),
            ["seats"] = EvidenceText.Of(seats),
            ["unitPrice"] = EvidenceText.Of(contract.UnitPrice),
            ["billingPeriod"] = contract.BillingPeriod == BillingPeriod.Monthly ? "monthly" : "annual",
            ["billingMatch"] = match.Text,
            ["charges"] = string.Join("; ", inCurrency.GroupBy(c => (c.PublisherName, c.ProductName))
                .OrderBy(g => g.Key.PublisherName, StringComparer.Ordinal).ThenBy(g => g.Key.ProductName, StringComparer.Ordinal)
                .Select(g => $"{g.Key.PublisherName} / {g.Key.ProductName}: {EvidenceText.Of(g.Sum(c => c.Cost))}")),
            ["reason"] = difference > 0
                ? "Azure billed more than the register's seats and price: check the invoice, the price list or the seat count bought on the Marketplace."
                : "Azure billed less than the register's seats and price: the register may be out of date, or a back-charge may follow.",
        };
        var otherCurrencies = charged.Count - inCurrency.Count;
        if (otherCurrencies > 0)
        {
            evidence["otherCurrencyCharges"] = EvidenceText.Of(otherCurrencies);
        }

        return new Finding
        {
            Id = Finding.ComputeId(input.TenantId, FindingTypes.PriceDrift, contract.Id, contract.Id),
            Type = FindingTypes.PriceDrift,
            ContractId = contract.Id,
            SubjectKey = contract.Id,
            Subject = $"{contract.Vendor} {contract.Name}",
            // The difference a year at this window's pace: what the register and the bill disagree by.
            AnnualCost = Annualised(Math.Abs(difference), input.Months.Count),
            Currency = contract.Currency,
            Sources = [SourceNames.Azure],
            Step = RunSteps.Spend,
            Evidence = evidence,
        };
    }

    /// <summary>
    /// Marketplace charges of a publisher's product (in one currency) that no contract's <c>billingMatch</c> claims and
    /// whose publisher has no Marketplace subscription a contract names: spend nobody has a contract for.
    /// </summary>
    private static IEnumerable<Finding> UncontractedSpend(SpendInput input, List<(Contract Contract, BillingMatch Match)> matches)
    {
        var named = new ProductIndex(input.Contracts, []);
        var coveredPublishers = input.Subscriptions
            .Where(s => named.Covering(SourceNames.Azure, s.ProductKey) is not null)
            .Select(s => s.PublisherName)
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        var groups = input.Charges
            .Where(c => !matches.Any(m => m.Match.Matches(c)) && !coveredPublishers.Contains(c.PublisherName))
            .GroupBy(c => (Publisher: c.PublisherName.ToLowerInvariant(), Product: c.ProductName.ToLowerInvariant(), Currency: c.Currency.ToUpperInvariant()))
            .OrderBy(g => g.Key.Publisher, StringComparer.Ordinal).ThenBy(g => g.Key.Product, StringComparer.Ordinal).ThenBy(g => g.Key.Currency, StringComparer.Ordinal);
        foreach (var group in groups)
        {
            var total = group.Sum(c => c.Cost);
            if (total <= 0)
            {
                continue;
            }

            var first = group.First();
            var subscriptions = input.Subscriptions
                .Where(s => string.Equals(s.PublisherName, first.PublisherName, StringComparison.OrdinalIgnoreCase))
                .OrderBy(s => s.ResourceId, StringComparer.Ordinal)
                .ToList();
            var subjectKey = $"{group.Key.Publisher}|{group.Key.Product}|{group.Key.Currency}";
            var evidence = new Dictionary<string, string>
            {
                ["publisher"] = first.PublisherName,
                ["product"] = first.ProductName,
                ["months"] = Window(input.Months),
                ["billed"] = EvidenceText.Of(total),
                ["monthsBilled"] = EvidenceText.Of(group.Select(c => c.Month).Distinct().Count()),
                ["reason"] = "Azure bills this Marketplace product and no contract in the register claims it: add a contract with a billingMatch, or cancel the subscription.",
            };
            if (subscriptions.Count > 0)
            {
                evidence["subscriptions"] = string.Join("; ", subscriptions.Select(s => $"{s.Name} ({s.ProductKey}, {s.Status}, {(s.Quantity is { } q ? EvidenceText.Of(q) + " seats" : "no seat count")})"));
                evidence["resourceIds"] = string.Join(";", subscriptions.Select(s => s.ResourceId));
            }

            yield return new Finding
            {
                Id = Finding.ComputeId(input.TenantId, FindingTypes.UncontractedSpend, string.Empty, subjectKey),
                Type = FindingTypes.UncontractedSpend,
                ContractId = string.Empty,
                SubjectKey = subjectKey,
                Subject = $"{first.PublisherName} {first.ProductName}",
                ProductKey = subscriptions.Count == 1 ? subscriptions[0].ProductKey : null,
                AnnualCost = Annualised(total, input.Months.Count),
                Currency = first.Currency.ToUpperInvariant(),
                Sources = [SourceNames.Azure],
                Step = RunSteps.Spend,
                Evidence = evidence,
            };
        }
    }

    private static decimal Annualised(decimal amount, int months) => Math.Round(amount * 12 / months, 2, MidpointRounding.AwayFromZero);

    private static string Window(IReadOnlyList<DateOnly> months) =>
        months.Count == 1 ? Months.Text(months[0]) : $"{Months.Text(months.Min())}..{Months.Text(months.Max())}";
}
