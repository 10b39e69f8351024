using System.Globalization;
using CsvHelper;

namespace Seatwise.Core.Csv;

/// <summary>One CSV record with the line it starts on (1-based, header included), for error messages.</summary>
public sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);

public sealed class CsvFormatException(int line, string message) : Exception($"line {line}: {message}")
{
    public int Line { get; } = line;

    public string Reason { get; } = message;
}

/// <summary>
/// RFC 4180 reading through CsvHelper: comma-separated, fields optionally in double quotes with "" for a quote,
/// quoted fields may span lines, CRLF or LF, empty lines skipped. Streams records with the line each starts on; a
/// malformed record (a stray quote, text after a closing quote, a quote never closed) stops the read with its line.
/// </summary>
public static class CsvReader
{
    private static readonly CsvReaderOptions Options = new()
    {
        HasHeader = false,
        TrackLineNumbers = true,
        SkipEmptyLines = true,
        MalformedData = CsvMalformedDataHandling.Throw,
    };

    public static IEnumerable<CsvRecord> Read(TextReader reader)
    {
        using var csv = CsvHelper.CsvReader.Create(reader, Options, leaveOpen: true);
        while (true)
        {
            string[] fields;
            try
            {
                if (!csv.Read())
                {
                    yield break;
                }

                fields = new string[csv.FieldCount];
                for (var i = 0; i < fields.Length; i++)
                {
                    fields[i] = csv.GetString(i);
                }
            }
            catch (CsvHelper.CsvFormatException ex)
            {
                throw new CsvFormatException((int)ex.LineNumber, Reason(ex.Message));
            }

            yield return new CsvRecord((int)csv.LineNumber, fields);
        }
    }

    /// <summary>"Malformed CSV in record 1 (line 1): a quote inside an unquoted field (byte offset 3)." → the middle part.</summary>
    private static string Reason(string message)
    {
        var start = message.IndexOf("): ", StringComparison.Ordinal);
        var end = message.LastIndexOf(" (byte offset", StringComparison.Ordinal);
        return start >= 0 && end > start ? message[(start + 3)..end] + "." : message;
    }
}

/// <summary>
/// RFC 4180 writing through CsvHelper, with its formula-injection escaping on: a text cell starting with
/// <c>= + - @</c>, tab or CR gets a leading <c>'</c> (and quotes), so a spreadsheet shows it as text and never runs
/// it (OWASP CSV injection). <see cref="Unguard"/> takes such a value back on import, so export → import
/// round-trips.
/// </summary>
public static class CsvWriter
{
    public static readonly CsvWriterOptions Options = new() { Injection = CsvInjection.Escape, NewLine = "\r\n" };

    private static readonly char[] InjectionCharacters = ['=', '+', '-', '@', '\t', '\r'];

    /// <summary>One record as text, for small exports built in memory (the contract register).</summary>
    public static string Line(IEnumerable<string?> fields)
    {
        using var text = new StringWriter(CultureInfo.InvariantCulture);
        using (var csv = CsvHelper.CsvWriter.Create(text, Options, leaveOpen: true))
        {
            Write(csv, fields);
        }

        return text.ToString();
    }

    /// <summary>Writes one record; null is an empty cell.</summary>
    public static void Write(CsvHelper.CsvWriter csv, IEnumerable<string?> fields)
    {
        WriteFields(csv, fields);
        csv.EndRecord();
    }

    /// <summary>
    /// Writes one record to a writer over a stream that only takes asynchronous writes (an HTTP response): the
    /// writer flushes from the end of a record when its buffer fills, and must do it asynchronously there.
    /// </summary>
    public static ValueTask WriteAsync(CsvHelper.CsvWriter csv, IEnumerable<string?> fields, CancellationToken cancellationToken)
    {
        WriteFields(csv, fields);
        return csv.EndRecordAsync(cancellationToken);
    }

    private static void WriteFields(CsvHelper.CsvWriter csv, IEnumerable<string?> fields)
    {
        foreach (var field in fields)
        {
            csv.WriteField(field ?? string.Empty);
        }
    }

    /// <summary>Reverses the export's injection escaping: <c>'=SUM(A1)</c> reads back as <c>=SUM(A1)</c>.</summary>
    public static string Unguard(string value) =>
        value.Length > 1 && value[0] == '\'' && InjectionCharacters.Contains(value[1]) ? value[1..] : value;
}
