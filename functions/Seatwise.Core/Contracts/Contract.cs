namespace Seatwise.Core.Contracts;

public enum BillingPeriod
{
    Monthly,
    Annual,
}

/// <summary>What the company pays for: a validated entry of the contract register.</summary>
public sealed record Contract
{
    public required string Id { get; init; }

    public required string Vendor { get; init; }

    public required string Name { get; init; }

    /// <summary>The source that lists this contract's seats (<c>graph</c>, <c>github</c>, <c>csv</c>, ...).</summary>
    public required string Source { get; init; }

    public required IReadOnlyList<string> ProductKeys { get; init; }

    /// <summary>Entitled seats; null means "take the Graph SKU's prepaid units".</summary>
    public int? Seats { get; init; }

    public required decimal UnitPrice { get; init; }

    public required string Currency { get; init; }

    public required BillingPeriod BillingPeriod { get; init; }

    public DateOnly? TermStart { get; init; }

    public DateOnly? TermEnd { get; init; }

    public DateOnly? RenewalDate { get; init; }

    public int NoticeDays { get; init; }

    public bool AutoRenew { get; init; }

    public string? Owner { get; init; }

    public string? CostCenter { get; init; }

    /// <summary>
    /// Who invoices the contract when it is not the vendor: a reseller's name, or <see cref="AzureMarketplace"/> for
    /// SaaS bought through the Azure Marketplace (Microsoft invoices it on the Azure bill). Null: bought from the vendor.
    /// </summary>
    public string? BilledThrough { get; init; }

    public const string AzureMarketplace = "azure-marketplace";

    public bool IsAzureMarketplace => string.Equals(BilledThrough, AzureMarketplace, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Which lines of the Azure bill are this contract's charges (<see cref="Spend.BillingMatch"/>): the <c>azure</c>
    /// source's Cost Management charges are compared with the contract for <c>price-drift</c>. Null: none are.
    /// </summary>
    public string? BillingMatch { get; init; }

    /// <summary>Overrides <c>Rules__InactivityDays</c> for this contract.</summary>
    public int? InactivityDays { get; init; }

    /// <summary>Overrides <c>Rules__HeadroomPercent</c> for this contract.</summary>
    public decimal? HeadroomPercent { get; init; }

    /// <summary>Inventoried and shown in positions, but raises no findings.</summary>
    public bool ExcludeFromFindings { get; init; }

    public string? Notes { get; init; }

    /// <summary>unitPrice × 12 for monthly billing, unitPrice for annual.</summary>
    public decimal AnnualUnitCost => BillingPeriod == BillingPeriod.Monthly ? UnitPrice * 12 : UnitPrice;

    /// <summary>
    /// A commitment: annual billing or a term of 12 months or more. Only committed contracts can be "due for
    /// renewal"; month-to-month subscriptions renew silently and are acted on through their seat findings.
    /// </summary>
    public bool IsCommitted =>
        BillingPeriod == BillingPeriod.Annual ||
        (TermStart is { } start && TermEnd is { } end && end >= start.AddMonths(12).AddDays(-1));

    /// <summary>The last day to give notice: renewalDate − noticeDays.</summary>
    public DateOnly? NoticeDate => RenewalDate?.AddDays(-NoticeDays);
}
