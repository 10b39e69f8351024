using System.Globalization;

namespace Seatwise.Core.Reporting;

/// <summary>Calendar months as the FOCUS export, the monthly history and their API name them: a month is its first day, written <c>yyyy-MM</c>.</summary>
public static class Months
{
    public const string Format = "yyyy-MM";

    /// <summary>The UTC month an instant falls in.</summary>
    public static DateOnly Of(DateTimeOffset instant) => First(DateOnly.FromDateTime(instant.UtcDateTime));

    /// <summary>The first day of a day's month.</summary>
    public static DateOnly First(DateOnly day) => new(day.Year, day.Month, 1);

    public static string Text(DateOnly month) => month.ToString(Format, CultureInfo.InvariantCulture);

    public static DateOnly Parse(string text) => DateOnly.ParseExact(text, Format, CultureInfo.InvariantCulture);
}
