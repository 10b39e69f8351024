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

    /// <summary>Parses and validates a whole file; every bad row is reported, nothing is thrown.</summary>
    public static ContractCsvResult Parse(TextReader reader)
    {
        var errors = new List<RowError>();
        var contracts = new List<Contract>();
        Dictionary<string, int>? header = null;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var record in CsvReader.Read(reader))
            {
                if (header is null)
                {
                    header = ReadHeader(record, errors);
                    if (errors.Count > 0)
                    {
                        return new ContractCsvResult([], errors);
                    }

                    continue;
                }

                if (contracts.Count + errors.Select(e => e.Line).Distinct().Count() >= MaxRows)
                {
                    errors.Add(new RowError(record.Line, string.Empty, $"the file has more than {MaxRows} rows."));
                    return new ContractCsvResult([], errors);
                }

                if (record.Fields.Count != header.Count)
                {
                    errors.Add(new RowError(record.Line, string.Empty, $"has {record.Fields.Count} fields; the header has {header.Count}."));
                    continue;
                }

                var rowErrors = new List<RowError>();
                var draft = ToDraft(record, header, rowErrors);
                var validated = ContractValidator.Validate(draft);
                rowErrors.AddRange(validated.Errors
                    .Where(e => !rowErrors.Any(r => string.Equals(r.Column, e.Field, StringComparison.OrdinalIgnoreCase)))
                    .Select(e => new RowError(record.Line, e.Field, e.Message)));
                if (validated.Value is { } contract && ids.TryGetValue(contract.Id, out var firstLine))
                {
                    rowErrors.Add(new RowError(record.Line, "id", $"'{contract.Id}' is also on line {firstLine}."));
                }

                if (rowErrors.Count > 0)
                {
                    errors.AddRange(rowErrors);
                    continue;
                }

                ids[validated.Value!.Id] = record.Line;
                contracts.Add(validated.Value);
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new RowError(ex.Line, string.Empty, ex.Reason));
        }

        if (header is null)
        {
            errors.Add(new RowError(1, string.Empty, "the file is empty; the first line must be a header row (" + string.Join(",", Columns) + ")."));
        }

        return errors.Count > 0 ? new ContractCsvResult([], errors) : new ContractCsvResult(contracts, []);
    }

    private static Dictionary<string, int>? ReadHeader(CsvRecord record, List<RowError> errors)
    {
        var header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var name = record.Fields[i].Trim();
            var column = Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase));
            if (column is null)
            {
                errors.Add(new RowError(record.Line, name, $"is not a contract column (columns: {string.Join(",", Columns)})."));
            }
            else if (!header.TryAdd(column, i))
            {
                errors.Add(new RowError(record.Line, name, "appears twice in the header."));
            }
        }

        foreach (var required in Required.Where(r => !header.ContainsKey(r)))
        {
            errors.Add(new RowError(record.Line, required, "is a required column and is missing from the header."));
        }

        return header;
    }

    private static ContractDraft ToDraft(CsvRecord record, Dictionary<string, int> header, List<RowError> errors)
    {
        string? Cell(string column) => header.TryGetValue(column, out var i) && record.Fields[i].Trim() is { Length: > 0 } v ? CsvWriter.Unguard(v) : null;

        decimal? Number(string column)
        {
            var text = Cell(column);
            if (text is null)
            {
                return null;
            }

            if (decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }

            errors.Add(new RowError(record.Line, column, $"'{text}' is not a number (use a dot for decimals, no thousands separators)."));
            return null;
        }

        DateOnly? Day(string column)
        {
            var text = Cell(column);
            if (text is null)
            {
                return null;
            }

            if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var value))
            {
                return value;
            }

            errors.Add(new RowError(record.Line, column, $"'{text}' is not an ISO 8601 date (yyyy-MM-dd)."));
            return null;
        }

        bool? Flag(string column)
        {
            var text = Cell(column)?.ToLowerInvariant();
            switch (text)
            {
                case null:
                    return null;
                case "true" or "yes" or "1":
                    return true;
                case "false" or "no" or "0":
                    return false;
                default:
                    errors.Add(new RowError(record.Line, column, $"'{text}' is not true or false."));
                    return null;
            }
        }

        return new ContractDraft
        {
            Id = Cell("id"),
            Vendor = Cell("vendor"),
            Name = Cell("name"),
            Source = Cell("source"),
            ProductKeys = Cell("productKeys")?.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Seats = Number("seats"),
            UnitPrice = Number("unitPrice"),
            Currency = Cell("currency"),
            BillingPeriod = Cell("billingPeriod"),
            TermStart = Day("termStart"),
            TermEnd = Day("termEnd"),
            RenewalDate = Day("renewalDate"),
            NoticeDays = Number("noticeDays"),
            AutoRenew = Flag("autoRenew"),
            Owner = Cell("owner"),
            CostCenter = Cell("costCenter"),
            BilledThrough = Cell("billedThrough"),
            BillingMatch = Cell("billingMatch"),
            InactivityDays = Number("inactivityDays"),
            HeadroomPercent = Number("headroomPercent"),
            ExcludeFromFindings = Flag("excludeFromFindings"),
            Notes = Cell("notes"),
        };
    }

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
