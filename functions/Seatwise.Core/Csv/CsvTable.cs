using System.Globalization;
using Seatwise.Core.Contracts;

namespace Seatwise.Core.Csv;

/// <summary>What an import file of one kind looks like: its columns (case-insensitive), the required ones, its row limit.</summary>
/// <param name="What">The kind of row, for messages ("contract", "tenant").</param>
/// <param name="IsExtraColumn">Columns beyond <paramref name="Columns"/> the kind accepts by pattern (a tenant's settings), kept as written.</param>
public sealed record CsvTableShape(string What, IReadOnlyList<string> Columns, IReadOnlyList<string> Required, int MaxRows, Func<string, bool>? IsExtraColumn = null);

public sealed record CsvTableResult<T>(IReadOnlyList<T> Items, IReadOnlyList<RowError> Errors);

/// <summary>One data row of an import file, read by column name; a cell that is not what it must be becomes a row error.</summary>
public sealed class CsvRow(CsvRecord record, IReadOnlyDictionary<string, int> header, List<RowError> errors)
{
    public int Line => record.Line;

    /// <summary>The columns of the header, as written (extra columns included).</summary>
    public IEnumerable<string> ColumnNames => header.Keys;

    public List<RowError> Errors => errors;

    /// <summary>The trimmed cell, its spreadsheet guard removed; null when empty or absent.</summary>
    public string? Cell(string column) =>
        header.TryGetValue(column, out var i) && record.Fields[i].Trim() is { Length: > 0 } v ? CsvWriter.Unguard(v) : null;

    public decimal? Number(string column)
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

        errors.Add(new RowError(Line, column, $"'{text}' is not a number (use a dot for decimals, no thousands separators)."));
        return null;
    }

    public DateOnly? Day(string column)
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

        errors.Add(new RowError(Line, column, $"'{text}' is not an ISO 8601 date (yyyy-MM-dd)."));
        return null;
    }

    public bool? Flag(string column)
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
                errors.Add(new RowError(Line, column, $"'{text}' is not true or false."));
                return null;
        }
    }

    /// <summary>The validator's errors, except for columns this row already reported (one reason per cell).</summary>
    public void AddValidation(IEnumerable<FieldError> validation) =>
        errors.AddRange(validation
            .Where(e => !errors.Any(r => r.Line == Line && string.Equals(r.Column, e.Field, StringComparison.OrdinalIgnoreCase)))
            .Select(e => new RowError(Line, e.Field, e.Message)));
}

/// <summary>
/// Reads an import file into validated rows: header checked (unknown, doubled and missing columns named), every bad
/// row reported with its line and column, ids unique, the row limit kept. All or nothing: one bad row and no row
/// is returned, so an import never half-applies a file.
/// </summary>
public static class CsvTable
{
    /// <param name="read">A row's item, or null with its errors added to the row.</param>
    /// <param name="id">The item's id, which must be unique in the file.</param>
    public static CsvTableResult<T> Parse<T>(TextReader reader, CsvTableShape shape, Func<CsvRow, T?> read, Func<T, string> id)
        where T : class
    {
        var errors = new List<RowError>();
        var items = new List<T>();
        Dictionary<string, int>? header = null;
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        try
        {
            foreach (var record in CsvReader.Read(reader))
            {
                if (header is null)
                {
                    header = ReadHeader(record, shape, errors);
                    if (errors.Count > 0)
                    {
                        return new CsvTableResult<T>([], errors);
                    }

                    continue;
                }

                if (items.Count + errors.Select(e => e.Line).Distinct().Count() >= shape.MaxRows)
                {
                    errors.Add(new RowError(record.Line, string.Empty, $"the file has more than {shape.MaxRows} rows."));
                    return new CsvTableResult<T>([], errors);
                }

                if (record.Fields.Count != header.Count)
                {
                    errors.Add(new RowError(record.Line, string.Empty, $"has {record.Fields.Count} fields; the header has {header.Count}."));
                    continue;
                }

                var rowErrors = new List<RowError>();
                var item = read(new CsvRow(record, header, rowErrors));
                if (item is not null && ids.TryGetValue(id(item), out var firstLine))
                {
                    rowErrors.Add(new RowError(record.Line, "id", $"'{id(item)}' is also on line {firstLine}."));
                }

                if (rowErrors.Count > 0 || item is null)
                {
                    errors.AddRange(rowErrors);
                    continue;
                }

                ids[id(item)] = record.Line;
                items.Add(item);
            }
        }
        catch (CsvFormatException ex)
        {
            errors.Add(new RowError(ex.Line, string.Empty, ex.Reason));
        }

        if (header is null)
        {
            errors.Add(new RowError(1, string.Empty, "the file is empty; the first line must be a header row (" + string.Join(",", shape.Columns) + ")."));
        }

        return errors.Count > 0 ? new CsvTableResult<T>([], errors) : new CsvTableResult<T>(items, []);
    }

    private static Dictionary<string, int> ReadHeader(CsvRecord record, CsvTableShape shape, List<RowError> errors)
    {
        var header = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < record.Fields.Count; i++)
        {
            var name = record.Fields[i].Trim();
            var column = shape.Columns.FirstOrDefault(c => string.Equals(c, name, StringComparison.OrdinalIgnoreCase))
                ?? (shape.IsExtraColumn?.Invoke(name) == true ? name : null);
            if (column is null)
            {
                errors.Add(new RowError(record.Line, name, $"is not a {shape.What} column (columns: {string.Join(",", shape.Columns)})."));
            }
            else if (!header.TryAdd(column, i))
            {
                errors.Add(new RowError(record.Line, name, "appears twice in the header."));
            }
        }

        foreach (var required in shape.Required.Where(r => !header.ContainsKey(r)))
        {
            errors.Add(new RowError(record.Line, required, "is a required column and is missing from the header."));
        }

        return header;
    }
}
