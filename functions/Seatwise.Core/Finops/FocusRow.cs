namespace Seatwise.Core.Finops;

/// <summary>
/// One row of the FOCUS 1.2 export: a charge of one contract in one billing month. Properties carry the FOCUS
/// Column IDs as their names; Seatwise's own figures are the <c>x_</c> columns (<see cref="FocusColumns"/> lists
/// the order and types). Null is a null cell, never a placeholder.
/// </summary>
public sealed record FocusRow
{
    public required decimal BilledCost { get; init; }

    public required string BillingAccountId { get; init; }

    public required string BillingAccountName { get; init; }

    public required string BillingCurrency { get; init; }

    public required DateTimeOffset BillingPeriodStart { get; init; }

    public required DateTimeOffset BillingPeriodEnd { get; init; }

    /// <summary><c>Purchase</c> (what is billed) or <c>Usage</c> (a month's share of a prepaid term).</summary>
    public required string ChargeCategory { get; init; }

    /// <summary>Always null: the export never corrects an earlier period.</summary>
    public string? ChargeClass { get; init; }

    public required string ChargeDescription { get; init; }

    public required string ChargeFrequency { get; init; }

    public required DateTimeOffset ChargePeriodStart { get; init; }

    public required DateTimeOffset ChargePeriodEnd { get; init; }

    public required decimal ContractedCost { get; init; }

    public required decimal ContractedUnitPrice { get; init; }

    public required decimal EffectiveCost { get; init; }

    public required string InvoiceIssuerName { get; init; }

    public required decimal ListCost { get; init; }

    public required decimal ListUnitPrice { get; init; }

    public required string PricingCategory { get; init; }

    public required decimal PricingQuantity { get; init; }

    public required string PricingUnit { get; init; }

    public required string ProviderName { get; init; }

    public required string PublisherName { get; init; }

    public required string ServiceCategory { get; init; }

    public required string ServiceName { get; init; }

    public required string ServiceSubcategory { get; init; }

    public required string SkuId { get; init; }

    public required string SkuMeter { get; init; }

    public required string SkuPriceDetails { get; init; }

    public required string SkuPriceId { get; init; }

    public string? Tags { get; init; }

    public required string ContractId { get; init; }

    /// <summary>Seatwise's figures, on one row per contract and month only (so a SUM counts each contract once).</summary>
    public int? EntitledSeats { get; init; }

    public int? ActiveSeats { get; init; }

    public int? WasteSeats { get; init; }

    public decimal? MonthlyWaste { get; init; }

    public decimal? PotentialSavings { get; init; }
}
