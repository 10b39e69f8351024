using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Contracts;

namespace Seatwise.Storage.Contracts;

/// <summary>
/// A contract row (table Contracts, PartitionKey tenant, RowKey contract id). Table Storage has no decimal or
/// date-only type: money is stored as invariant text so cents stay exact, dates as yyyy-MM-dd.
/// </summary>
public sealed class ContractEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Vendor { get; set; } = string.Empty;

    public string Name { get; set; } = string.Empty;

    public string Source { get; set; } = string.Empty;

    public string ProductKeys { get; set; } = "[]";

    public int? Seats { get; set; }

    public string UnitPrice { get; set; } = "0";

    public string Currency { get; set; } = string.Empty;

    public string BillingPeriod { get; set; } = "monthly";

    public string? TermStart { get; set; }

    public string? TermEnd { get; set; }

    public string? RenewalDate { get; set; }

    public int NoticeDays { get; set; }

    public bool AutoRenew { get; set; }

    public string? Owner { get; set; }

    public string? CostCenter { get; set; }

    public string? BilledThrough { get; set; }

    public string? BillingMatch { get; set; }

    public int? InactivityDays { get; set; }

    public string? HeadroomPercent { get; set; }

    public bool ExcludeFromFindings { get; set; }

    public string? Notes { get; set; }

    public static ContractEntity From(string tenant, Contract c) => new()
    {
        PartitionKey = tenant,
        RowKey = c.Id,
        Vendor = c.Vendor,
        Name = c.Name,
        Source = c.Source,
        ProductKeys = JsonSerializer.Serialize(c.ProductKeys),
        Seats = c.Seats,
        UnitPrice = c.UnitPrice.ToString(CultureInfo.InvariantCulture),
        Currency = c.Currency,
        BillingPeriod = c.BillingPeriod == Core.Contracts.BillingPeriod.Monthly ? "monthly" : "annual",
        TermStart = Date(c.TermStart),
        TermEnd = Date(c.TermEnd),
        RenewalDate = Date(c.RenewalDate),
        NoticeDays = c.NoticeDays,
        AutoRenew = c.AutoRenew,
        Owner = c.Owner,
        CostCenter = c.CostCenter,
        BilledThrough = c.BilledThrough,
        BillingMatch = c.BillingMatch,
        InactivityDays = c.InactivityDays,
        HeadroomPercent = c.HeadroomPercent?.ToString(CultureInfo.InvariantCulture),
        ExcludeFromFindings = c.ExcludeFromFindings,
        Notes = c.Notes,
    };

    public Contract ToContract() => new()
    {
        Id = RowKey,
        Vendor = Vendor,
        Name = Name,
        Source = Source,
        ProductKeys = JsonSerializer.Deserialize<List<string>>(ProductKeys) ?? [],
        Seats = Seats,
        UnitPrice = decimal.Parse(UnitPrice, CultureInfo.InvariantCulture),
        Currency = Currency,
        BillingPeriod = BillingPeriod == "annual" ? Core.Contracts.BillingPeriod.Annual : Core.Contracts.BillingPeriod.Monthly,
        TermStart = Date(TermStart),
        TermEnd = Date(TermEnd),
        RenewalDate = Date(RenewalDate),
        NoticeDays = NoticeDays,
        AutoRenew = AutoRenew,
        Owner = Owner,
        CostCenter = CostCenter,
        BilledThrough = BilledThrough,
        BillingMatch = BillingMatch,
        InactivityDays = InactivityDays,
        HeadroomPercent = HeadroomPercent is null ? null : decimal.Parse(HeadroomPercent, CultureInfo.InvariantCulture),
        ExcludeFromFindings = ExcludeFromFindings,
        Notes = Notes,
    };

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly? Date(string? value) => value is null ? null : DateOnly.ParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
