using System.Text;

namespace Seatwise.Core.Csv;

/// <summary>One CSV record with the line it starts on (1-based, header included), for error messages.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

public sealed class CsvFormatException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;

    public string Reason { get; } = message;
}

/// <summary>
/// RFC 4180 reader: comma-separated, fields optionally in double quotes with "" for a quote, quoted fields may
/// span lines, CRLF or LF. Streams records; a leading UTF-8 BOM is skipped by the TextReader.
/// </summary>
public static class CsvReader
{
    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var inQuotes = false;
        var fieldStarted = false;
        var afterQuote = false;
        int c;
        while ((c = reader.Read()) != -1)
        {
            var ch = (char)c;
            if (inQuotes)
            {
                if (ch == '"')
                {
                    if (reader.Peek() == '"')
                    {
                        reader.Read();
                        field.Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                        afterQuote = true;
                    }
                }
                else
                {
                    if (ch == '\n')
                    {
                        line++;
                    }

                    field.Append(ch);
                }

                continue;
            }

            switch (ch)
            {
                case '"' when !fieldStarted:
                    inQuotes = true;
                    fieldStarted = true;
                    break;
                case '"':
                    throw new CsvFormatException(line, "a quote inside an unquoted field (quote the whole field and double the quote).");
                case ',':
                    fields.Add(field.ToString());
                    field.Clear();
                    fieldStarted = false;
                    afterQuote = false;
                    break;
                case '\r' when reader.Peek() == '\n':
                    break;
                case '\n' or '\r':
                    fields.Add(field.ToString());
                    field.Clear();
                    if (!(fields.Count == 1 && fields[0].Length == 0 && !afterQuote))
                    {
                        yield return new CsvRecord(recordLine, fields);
                    }

                    fields = [];
                    fieldStarted = false;
                    afterQuote = false;
                    line++;
                    recordLine = line;
                    break;
                default:
                    if (afterQuote)
                    {
                        throw new CsvFormatException(line, "text after the closing quote of a field.");
                    }

                    field.Append(ch);
                    fieldStarted = true;
                    break;
            }
        }

        if (inQuotes)
        {
            throw new CsvFormatException(recordLine, "a quoted field is not closed before the end of the file.");
        }

        if (fieldStarted || fields.Count > 0 || field.Length > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields);
        }
    }
}

/// <summary>RFC 4180 writer: quotes a field only when it holds a comma, quote or line break.</summary>
public static class CsvWriter
{
    public static string Line(IEnumerable<string?> fields) => string.Join(",", fields.Select(Escape)) + "\r\n";

    public static string Unguard(string value) => value.Length > 1 && value[0] == '\'' && value[1] is '=' or '+' or '@' ? value[1..] : value;

    public static string Escape(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // A leading = + @ would make a spreadsheet evaluate the cell as a formula; a quote keeps it text.
        // Unguard reverses this on import so that export → import round-trips.
        var text = value[0] is '=' or '+' or '@' ? "'" + value : value;
        return text.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + text.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : text;
    }
}
