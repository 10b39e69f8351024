using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Tables;

namespace Seatwise.Workflows.Api;

/// <summary>Reading and checking request input the same way on every route.</summary>
public static class ApiInput
{
    public const int DefaultTop = 100;
    public const int MaxTop = 1000;

    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary><c>?top=</c>: default 100, 1-1000; otherwise an error naming the parameter.</summary>
    public static (int Top, IResult? Error) Top(HttpRequest request)
    {
        var text = request.Query["top"].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return (DefaultTop, null);
        }

        return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var top) && top is >= 1 and <= MaxTop
            ? (top, null)
            : (0, Problems.BadParameter("top", $"must be a whole number from 1 to {MaxTop}."));
    }

    /// <summary>
    /// <c>?continuationToken=</c> of a list, unwrapped for storage; a token from another list or a tampered one is
    /// a 400 naming the parameter, never a storage error.
    /// </summary>
    public static (string? StorageToken, IResult? Error) ContinuationToken(HttpRequest request, string scope, Func<string, bool>? innerIsValid = null)
    {
        var token = ContinuationTokens.Unwrap(scope, request.Query["continuationToken"].FirstOrDefault(), out var valid, innerIsValid);
        return valid ? (token, null) : (null, Problems.BadParameter("continuationToken", "is not a token this list returned (it may belong to another list or filter)."));
    }

    /// <summary>An optional query value that must be one of <paramref name="allowed"/>; null when absent.</summary>
    public static (string? Value, IResult? Error) OneOf(HttpRequest request, string name, IReadOnlyCollection<string> allowed)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        return allowed.Contains(text)
            ? (text, null)
            : (null, Problems.BadParameter(name, $"must be one of {string.Join(", ", allowed)}."));
    }

    /// <summary>An optional whole number in [min, max]; <paramref name="fallback"/> when absent.</summary>
    public static (int Value, IResult? Error) WholeNumber(HttpRequest request, string name, int fallback, int min, int max)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return (fallback, null);
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? (value, null)
            : (0, Problems.BadParameter(name, $"must be a whole number from {min} to {max}."));
    }

    /// <summary>An optional calendar month <c>YYYY-MM</c> (its first day); <paramref name="fallback"/>'s month when absent.</summary>
    public static (DateOnly Value, IResult? Error) Month(HttpRequest request, string name, DateTimeOffset fallback)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return (Months.Of(fallback), null);
        }

        return DateOnly.TryParseExact(text, Months.Format, CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) && month.Year is >= 2000 and <= 2100
            ? (month, null)
            : (default, Problems.BadParameter(name, "must be a month written YYYY-MM, such as 2026-11."));
    }

    /// <summary>An optional non-negative amount with a dot for decimals.</summary>
    public static (decimal? Value, IResult? Error) Amount(HttpRequest request, string name)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        return decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) && value <= 1_000_000_000_000m
            ? (value, null)
            : (null, Problems.BadParameter(name, "must be a non-negative amount such as 100 or 99.50."));
    }

    /// <summary>An optional free-text filter value (an id, a vendor); never parsed, only compared, at most 256 characters.</summary>
    public static (string? Value, IResult? Error) Text(HttpRequest request, string name)
    {
        var text = request.Query[name].FirstOrDefault();
        if (string.IsNullOrEmpty(text))
        {
            return (null, null);
        }

        return text.Length <= 256 && !text.Any(char.IsControl)
            ? (text, null)
            : (null, Problems.BadParameter(name, "must be at most 256 characters without control characters."));
    }

    /// <summary>
    /// Pages a short list held in memory (positions, renewals) with the same opaque token as storage-backed lists.
    /// </summary>
    public static (IReadOnlyList<T> Items, string? ContinuationToken, IResult? Error) PageInMemory<T>(HttpRequest request, IReadOnlyList<T> all, string scope)
    {
        var (top, error) = Top(request);
        if (error is not null)
        {
            return ([], null, error);
        }

        var (token, tokenError) = ContinuationToken(request, scope, inner => int.TryParse(inner, NumberStyles.None, CultureInfo.InvariantCulture, out _));
        var offset = 0;
        if (tokenError is not null || (token is not null && !int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out offset)))
        {
            return ([], null, tokenError ?? Problems.BadParameter("continuationToken", "is not a token this list returned (it may belong to another list or filter)."));
        }

        var page = all.Skip(offset).Take(top).ToList();
        var next = offset + page.Count < all.Count ? (offset + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        return (page, ContinuationTokens.Wrap(scope, next), null);
    }

    public static bool WantsCsv(HttpRequest request) =>
        string.Equals(request.Query["format"].FirstOrDefault(), "csv", StringComparison.OrdinalIgnoreCase);

    /// <summary>The formats any route answers in; the executor refuses any other <c>?format=</c> on every route.</summary>
    public static readonly IReadOnlyList<string> Formats = ["json", "csv"];

    /// <summary>A problem when <c>?format=</c> names no format we have (the same rule on every route).</summary>
    public static IResult? CheckFormat(HttpRequest request) =>
        request.Query.TryGetValue("format", out var values) && (values.Count != 1 || !Formats.Contains(values[0] ?? string.Empty, StringComparer.OrdinalIgnoreCase))
            ? Problems.BadParameter("format", $"must be one of {string.Join(", ", Formats)}.")
            : null;

    /// <summary>Reads a JSON body of at most <paramref name="maxBytes"/>; a problem result when it is not JSON of type T.</summary>
    public static async Task<(T? Value, IResult? Error)> ReadJsonAsync<T>(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentType is { } type && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) && !type.Contains("+json", StringComparison.OrdinalIgnoreCase))
        {
            return (null, Problems.UnsupportedMediaType($"Send the body as application/json, not {type}."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, Problems.TooLarge($"The body is larger than {maxBytes} bytes."));
        }

        try
        {
            using var limited = new MemoryStream();
            await CopyLimitedAsync(request.Body, limited, maxBytes, cancellationToken);
            limited.Position = 0;
            var value = await JsonSerializer.DeserializeAsync<T>(limited, Json, cancellationToken);
            return value is null ? (null, Problems.BadRequest("The body is empty; send a JSON object.")) : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, JsonProblem<T>(ex));
        }
        catch (TooLargeException)
        {
            return (null, Problems.TooLarge($"The body is larger than {maxBytes} bytes."));
        }
    }

    /// <summary>
    /// An import file's text: sent as text/csv, at most <paramref name="maxBytes"/>, UTF-8 (a BOM is fine, as
    /// Excel's "CSV UTF-8" writes one); otherwise the problem to answer.
    /// </summary>
    public static async Task<(string? Text, IResult? Error)> ReadCsvAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentType is not { } type || !(type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/csv", StringComparison.OrdinalIgnoreCase)))
        {
            return (null, Problems.UnsupportedMediaType($"Send the file as text/csv (got {request.ContentType ?? "no content type"})."));
        }

        var tooLarge = Problems.TooLarge($"The file is larger than {maxBytes / (1024 * 1024)} MiB; split it.");
        if (request.ContentLength > maxBytes)
        {
            return (null, tooLarge);
        }

        using var body = new MemoryStream();
        try
        {
            await CopyLimitedAsync(request.Body, body, maxBytes, cancellationToken);
        }
        catch (TooLargeException)
        {
            return (null, tooLarge);
        }

        body.Position = 0;
        using var reader = new StreamReader(body, new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true), detectEncodingFromByteOrderMarks: true);
        try
        {
            return (await reader.ReadToEndAsync(cancellationToken), null);
        }
        catch (System.Text.DecoderFallbackException)
        {
            return (null, Problems.Create(StatusCodes.Status422UnprocessableEntity, "validation", "The input is not valid.", "The file is not UTF-8 text; save it as CSV UTF-8."));
        }
    }

    /// <summary>An import file's row errors as one problem (nothing was imported), or null when there are none.</summary>
    public static IResult? ImportProblem(IReadOnlyList<Core.Contracts.RowError> errors, int maxRows)
    {
        if (errors.Count == 0)
        {
            return null;
        }

        if (errors.Any(e => e.Message.Contains($"more than {maxRows} rows", StringComparison.Ordinal)))
        {
            return Problems.TooLarge($"The file has more than {maxRows} rows; split it.");
        }

        var lines = errors.Select(e => e.Line).Distinct().Count();
        return Problems.Create(StatusCodes.Status422UnprocessableEntity, "validation", "The file is not valid; nothing was imported.",
            $"{errors.Count} problem(s) on {lines} line(s); fix them and import the whole file again.",
            new Dictionary<string, object?> { ["errors"] = errors.Select(e => new { line = e.Line, column = e.Column, message = e.Message }) });
    }

    /// <summary>Copies at most <paramref name="maxBytes"/>; throws <see cref="TooLargeException"/> past that.</summary>
    public static async Task CopyLimitedAsync(Stream source, Stream destination, long maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
            if (total > maxBytes)
            {
                throw new TooLargeException();
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
        }
    }

    /// <summary>
    /// A JSON body that does not fit the operation, in our own words: the field it stopped at and what that field
    /// takes, as <c>errors</c> keyed by field (never .NET type names from the serializer's message).
    /// </summary>
    private static IResult JsonProblem<T>(JsonException ex)
    {
        var field = ex.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : null;
        if (field is null)
        {
            var where = ex.LineNumber is { } line ? $" (line {line + 1}, position {ex.BytePositionInLine + 1})" : string.Empty;
            return Problems.BadRequest($"The body is not valid JSON{where}; send one JSON object.");
        }

        var property = typeof(T).GetProperties().FirstOrDefault(p => string.Equals(p.Name, field.Split('.', '[')[0], StringComparison.OrdinalIgnoreCase));
        var reason = property is null ? "has a value this operation cannot read." : $"must be {Describe(property.PropertyType)}.";
        return Problems.Create(StatusCodes.Status400BadRequest, "bad-request", "The request is not valid.", $"{field} {reason}",
            new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { [field] = [reason] } });
    }

    private static string Describe(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(decimal) || type == typeof(int) || type == typeof(long) || type == typeof(double) => "a number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(DateOnly) => "a date such as 2027-06-30",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an instant such as 2027-06-30T00:00:00Z",
            _ when type == typeof(string) => "text",
            _ when type.IsAssignableTo(typeof(System.Collections.IEnumerable)) => "an array",
            _ => "an object",
        };
    }
}

public sealed class TooLargeException : Exception
{
    public TooLargeException()
        : base("The request body is too large.")
    {
    }
}
