using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Seatwise.Core.Csv;

namespace Seatwise.Workflows.Api;

/// <summary>
/// A CSV download written row by row as storage pages arrive: header first, RFC 4180 quoting, CRLF, UTF-8, cells
/// that a spreadsheet would run as formulas escaped (<see cref="CsvWriter"/>).
/// Nothing is buffered beyond one writer buffer, so a 100,000-row export costs no more memory than a 10-row one.
/// </summary>
public sealed class CsvStream(string fileName, IReadOnlyList<string> header, IAsyncEnumerable<IEnumerable<string?>> rows) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        await using var writer = new StreamWriter(response.Body, new UTF8Encoding(false), 64 * 1024, leaveOpen: true);
        await using (var csv = CsvHelper.CsvWriter.Create(writer, CsvWriter.Options, leaveOpen: true))
        {
            await CsvWriter.WriteAsync(csv, header, httpContext.RequestAborted);
            var written = 0;
            await foreach (var row in rows.WithCancellation(httpContext.RequestAborted))
            {
                await CsvWriter.WriteAsync(csv, row, httpContext.RequestAborted);
                if (++written % 500 == 0)
                {
                    await csv.FlushAsync(httpContext.RequestAborted);
                    await writer.FlushAsync(httpContext.RequestAborted);
                }
            }

            await csv.FlushAsync(httpContext.RequestAborted);
        }

        await writer.FlushAsync(httpContext.RequestAborted);
    }

    public static string Text(DateTimeOffset? instant) => instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Text(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Text(decimal? amount) => amount?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Text(int? count) => count?.ToString(CultureInfo.InvariantCulture) ?? string.Empty;

    public static string Text(bool? flag) => flag switch { true => "true", false => "false", null => string.Empty };
}
