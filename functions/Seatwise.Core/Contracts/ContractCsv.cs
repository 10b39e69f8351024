using System.Globalization;
using Seatwise.Core.Csv;

namespace Seatwise.Core.Contracts;

/// <summary>One thing wrong in an import file: its line, column and reason.</summary>
public sealed record RowError(int Line, string Column, string Message);

public sealed record ContractCsvResult(IReadOnlyList<Contract> Contracts, IReadOnlyList<RowError> Errors);

/// <summary>
/// The contract register as CSV: the columns are the JSON field names (case-insensitive on import), product keys
/// separated by <c>;</c>, dates ISO 8601 (yyyy-MM-dd), decimals with a dot. Export and import use the same
/// columns, so export → edit → import round-trips.
/// </summary>
public static class ContractCsv
{
    public const int MaxRows = 10_000;

    public static readonly IReadOnlyList<string> Columns =
    [
        "id", "vendor", "name", "source", "productKeys", "seats", "unitPrice", "currency", "billingPeriod", "termStart",
        "termEnd", "renewalDate", "noticeDays", "autoRenew", "owner", "costCenter", "inactivityDays", "headroomPercent",
        "excludeFromFindings", "notes", "billedThrough", "billingMatch",
    ];

    private static readonly string[] Required = ["id", "vendor", "name", "source", "productKeys", "unitPrice", "currency", "billingPeriod"];

    public static string Header => CsvWriter.Line(Columns);

    public static string Row(Contract c) => CsvWriter.Line(
    [
        c.Id, c.Vendor, c.Name, c.Source, string.Join(";", c.ProductKeys), c.Seats?.ToString(CultureInfo.InvariantCulture),
        c.UnitPrice.ToString(CultureInfo.InvariantCulture), c.Currency, c.BillingPeriod == BillingPeriod.Monthly ? "monthly" : "annual",
        Date(c.TermStart), Date(c.TermEnd), Date(c.RenewalDate), c.NoticeDays.ToString(CultureInfo.InvariantCulture),
        c.AutoRenew ? "true" : "false", c.Owner, c.CostCenter, c.InactivityDays?.ToString(CultureInfo.InvariantCulture),
        c.HeadroomPercent?.ToString(CultureInfo.InvariantCulture), c.ExcludeFromFindings ? "true" : "false", c.Notes, c.BilledThrough, c.BillingMatch,
    ]);

    private static readonly CsvTableShape Shape = new("contract", Columns, Required, MaxRows);

    /// <summary>Parses and validates a whole file; every bad row is reported, nothing is thrown.</summary>
    public static ContractCsvResult Parse(TextReader reader)
    {
        var parsed = CsvTable.Parse(reader, Shape, row =>
        {
            var validated = ContractValidator.Validate(ToDraft(row));
            row.AddValidation(validated.Errors);
            return validated.Value;
        }, c => c.Id);
        return new ContractCsvResult(parsed.Items, parsed.Errors);
    }

    private static ContractDraft ToDraft(CsvRow row) => new()
    {
        Id = row.Cell("id"),
        Vendor = row.Cell("vendor"),
        Name = row.Cell("name"),
        Source = row.Cell("source"),
        ProductKeys = row.Cell("productKeys")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        Seats = row.Number("seats"),
        UnitPrice = row.Number("unitPrice"),
        Currency = row.Cell("currency"),
        BillingPeriod = row.Cell("billingPeriod"),
        TermStart = row.Day("termStart"),
        TermEnd = row.Day("termEnd"),
        RenewalDate = row.Day("renewalDate"),
        NoticeDays = row.Number("noticeDays"),
        AutoRenew = row.Flag("autoRenew"),
        Owner = row.Cell("owner"),
        CostCenter = row.Cell("costCenter"),
        BilledThrough = row.Cell("billedThrough"),
        BillingMatch = row.Cell("billingMatch"),
        InactivityDays = row.Number("inactivityDays"),
        HeadroomPercent = row.Number("headroomPercent"),
        ExcludeFromFindings = row.Flag("excludeFromFindings"),
        Notes = row.Cell("notes"),
    };

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
