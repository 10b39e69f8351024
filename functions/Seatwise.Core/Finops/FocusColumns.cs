using System.Globalization;

namespace Seatwise.Core.Finops;

/// <summary>The kind of value a FOCUS column holds, which fixes its text (CSV) and its Parquet type.</summary>
public enum FocusType
{
    String,
    Decimal,
    DateTime,
    Json,
    Integer,
}

/// <summary>A column of the export: its FOCUS Column ID (or <c>x_</c> name), its type, and how a row gives its value.</summary>
public sealed record FocusColumn(string Name, FocusType Type, Func<FocusRow, object?> Value)
{
    /// <summary>The cell's text: invariant numbers without separators, instants as <c>YYYY-MM-DDTHH:mm:ssZ</c>, null as null.</summary>
    public string? Text(FocusRow row) => Value(row) switch
    {
        null => null,
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        DateTimeOffset t => FocusColumns.Instant(t),
        string s => s,
        var other => throw new InvalidOperationException($"Column {Name} has a value of type {other.GetType().Name}."),
    };
}

/// <summary>
/// The export's columns in their order: the FOCUS 1.2 columns a SaaS contract fills (the mandatory ones, and the
/// recommended and conditional ones of Seatwise's profile, docs/finops.md), then Seatwise's <c>x_</c> columns.
/// The CSV, the Parquet file and the docs all follow this list.
/// </summary>
public static class FocusColumns
{
    public const string Version = "1.2";

    public static readonly IReadOnlyList<FocusColumn> All =
    [
        new("BilledCost", FocusType.Decimal, r => r.BilledCost),
        new("BillingAccountId", FocusType.String, r => r.BillingAccountId),
        new("BillingAccountName", FocusType.String, r => r.BillingAccountName),
        new("BillingCurrency", FocusType.String, r => r.BillingCurrency),
        new("BillingPeriodEnd", FocusType.DateTime, r => r.BillingPeriodEnd),
        new("BillingPeriodStart", FocusType.DateTime, r => r.BillingPeriodStart),
        new("ChargeCategory", FocusType.String, r => r.ChargeCategory),
        new("ChargeClass", FocusType.String, r => r.ChargeClass),
        new("ChargeDescription", FocusType.String, r => r.ChargeDescription),
        new("ChargeFrequency", FocusType.String, r => r.ChargeFrequency),
        new("ChargePeriodEnd", FocusType.DateTime, r => r.ChargePeriodEnd),
        new("ChargePeriodStart", FocusType.DateTime, r => r.ChargePeriodStart),
        new("ContractedCost", FocusType.Decimal, r => r.ContractedCost),
        new("ContractedUnitPrice", FocusType.Decimal, r => r.ContractedUnitPrice),
        new("EffectiveCost", FocusType.Decimal, r => r.EffectiveCost),
        new("InvoiceIssuerName", FocusType.String, r => r.InvoiceIssuerName),
        new("ListCost", FocusType.Decimal, r => r.ListCost),
        new("ListUnitPrice", FocusType.Decimal, r => r.ListUnitPrice),
        new("PricingCategory", FocusType.String, r => r.PricingCategory),
        new("PricingQuantity", FocusType.Decimal, r => r.PricingQuantity),
        new("PricingUnit", FocusType.String, r => r.PricingUnit),
        new("ProviderName", FocusType.String, r => r.ProviderName),
        new("PublisherName", FocusType.String, r => r.PublisherName),
        new("ServiceCategory", FocusType.String, r => r.ServiceCategory),
        new("ServiceName", FocusType.String, r => r.ServiceName),
        new("ServiceSubcategory", FocusType.String, r => r.ServiceSubcategory),
        new("SkuId", FocusType.String, r => r.SkuId),
        new("SkuMeter", FocusType.String, r => r.SkuMeter),
        new("SkuPriceDetails", FocusType.Json, r => r.SkuPriceDetails),
        new("SkuPriceId", FocusType.String, r => r.SkuPriceId),
        new("Tags", FocusType.Json, r => r.Tags),
        new("x_ContractId", FocusType.String, r => r.ContractId),
        new("x_EntitledSeats", FocusType.Integer, r => r.EntitledSeats),
        new("x_ActiveSeats", FocusType.Integer, r => r.ActiveSeats),
        new("x_WasteSeats", FocusType.Integer, r => r.WasteSeats),
        new("x_MonthlyWaste", FocusType.Decimal, r => r.MonthlyWaste),
        new("x_PotentialSavings", FocusType.Decimal, r => r.PotentialSavings),
    ];

    public static IReadOnlyList<string> Header { get; } = [.. All.Select(c => c.Name)];

    /// <summary>A row's cells in column order.</summary>
    public static IEnumerable<string?> Cells(FocusRow row) => All.Select(c => c.Text(row));

    /// <summary>FOCUS date/time format: UTC, whole seconds, a literal Z.</summary>
    public static string Instant(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
