namespace Seatwise.Core.Contracts;

/// <summary>
/// A contract as a person typed it (JSON body or CSV row), before validation. Numbers stay wide (decimal) and
/// enumerations stay text so that validation, not parsing, reports what is wrong and where.
/// </summary>
public sealed record ContractDraft
{
    public string? Id { get; init; }

    public string? Vendor { get; init; }

    public string? Name { get; init; }

    public string? Source { get; init; }

    public IReadOnlyList<string>? ProductKeys { get; init; }

    public decimal? Seats { get; init; }

    public decimal? UnitPrice { get; init; }

    public string? Currency { get; init; }

    public string? BillingPeriod { get; init; }

    public DateOnly? TermStart { get; init; }

    public DateOnly? TermEnd { get; init; }

    public DateOnly? RenewalDate { get; init; }

    public decimal? NoticeDays { get; init; }

    public bool? AutoRenew { get; init; }

    public string? Owner { get; init; }

    public string? CostCenter { get; init; }

    public string? BilledThrough { get; init; }

    public string? BillingMatch { get; init; }

    public decimal? InactivityDays { get; init; }

    public decimal? HeadroomPercent { get; init; }

    public bool? ExcludeFromFindings { get; init; }

    public string? Notes { get; init; }

    public static ContractDraft From(Contract c) => new()
    {
        Id = c.Id,
        Vendor = c.Vendor,
        Name = c.Name,
        Source = c.Source,
        ProductKeys = c.ProductKeys,
        Seats = c.Seats,
        UnitPrice = c.UnitPrice,
        Currency = c.Currency,
        BillingPeriod = c.BillingPeriod == Contracts.BillingPeriod.Monthly ? "monthly" : "annual",
        TermStart = c.TermStart,
        TermEnd = c.TermEnd,
        RenewalDate = c.RenewalDate,
        NoticeDays = c.NoticeDays,
        AutoRenew = c.AutoRenew,
        Owner = c.Owner,
        CostCenter = c.CostCenter,
        BilledThrough = c.BilledThrough,
        BillingMatch = c.BillingMatch,
        InactivityDays = c.InactivityDays,
        HeadroomPercent = c.HeadroomPercent,
        ExcludeFromFindings = c.ExcludeFromFindings,
        Notes = c.Notes,
    };
}

/// <summary>One thing wrong with an input, named by its field (camelCase, as in JSON and CSV headers).</summary>
public sealed record FieldError(string Field, string Message);

/// <summary>Either a valid value or the list of everything wrong with the input; never an exception.</summary>
public sealed record Validated<T>(T? Value, IReadOnlyList<FieldError> Errors)
    where T : class
{
    public bool IsValid => Errors.Count == 0 && Value is not null;
}
