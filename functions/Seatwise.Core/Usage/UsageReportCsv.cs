using System.Globalization;
using Seatwise.Core.Csv;
using Seatwise.Core.Inventory;

namespace Seatwise.Core.Usage;

/// <summary>The report could not be used; the reason says what an admin can do about it.</summary>
public sealed class UsageReportException(string message) : Exception(message);

/// <summary>
/// Reads the two Microsoft 365 usage reports Seatwise uses, as Graph serves them (CSV, columns by header name so
/// an added column changes nothing): <c>getOffice365ActiveUserDetail</c> (a last activity date per workload) and
/// <c>getMicrosoft365CopilotUsageUserDetail</c> (a last activity date per Copilot app).
/// </summary>
public static class UsageReportCsv
{
    public const string UserPrincipalName = "User Principal Name";
    public const string ReportRefreshDate = "Report Refresh Date";

    /// <summary>Office report columns → workload.</summary>
    public static readonly IReadOnlyList<(string Column, string Workload)> OfficeColumns =
    [
        ("Exchange Last Activity Date", Workloads.Exchange),
        ("OneDrive Last Activity Date", Workloads.OneDrive),
        ("SharePoint Last Activity Date", Workloads.SharePoint),
        ("Teams Last Activity Date", Workloads.Teams),
        ("Yammer Last Activity Date", Workloads.VivaEngage),
        ("Skype For Business Last Activity Date", Workloads.Skype),
    ];

    /// <summary>Copilot report columns; the latest of them is the person's Copilot use.</summary>
    public static readonly IReadOnlyList<string> CopilotColumns =
    [
        "Last Activity Date", "Microsoft Teams Copilot Last Activity Date", "Word Copilot Last Activity Date", "Excel Copilot Last Activity Date",
        "PowerPoint Copilot Last Activity Date", "Outlook Copilot Last Activity Date", "OneNote Copilot Last Activity Date",
        "Loop Copilot Last Activity Date", "Copilot Chat Last Activity Date",
    ];

    /// <summary>The admin setting that conceals names, in the words of the Microsoft 365 admin center.</summary>
    public const string ConcealedNamesReason =
        "Microsoft 365 usage reports conceal user names in this tenant, so they cannot be joined to anyone: in the Microsoft 365 admin center " +
        "go to Settings > Org settings > Services > Reports and clear 'Display concealed user, group, and site names in all reports' " +
        "(Graph: admin/reportSettings displayConcealedNames = false). Until then sign-in activity alone judges Microsoft seats.";

    public static int ReadOffice(TextReader reader, IdentityKeys keys, UsageReport report)
    {
        var rows = 0;
        ReadRows(reader, "getOffice365ActiveUserDetail", [UserPrincipalName, .. OfficeColumns.Select(c => c.Column)], (field, upn) =>
        {
            var dates = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            foreach (var (column, workload) in OfficeColumns)
            {
                if (Date(field(column)) is { } date)
                {
                    dates[workload] = date;
                }
            }

            report.AddOffice(keys.Normalize(upn), dates);
            rows++;
        });
        report.MarkOfficeRead();
        return rows;
    }

    public static int ReadCopilot(TextReader reader, IdentityKeys keys, UsageReport report)
    {
        var rows = 0;
        ReadRows(reader, "getMicrosoft365CopilotUsageUserDetail", [UserPrincipalName, "Last Activity Date"], (field, upn) =>
        {
            var dates = CopilotColumns.Select(c => Date(field(c))).Where(d => d is not null).ToList();
            report.AddCopilot(keys.Normalize(upn), dates.Count == 0 ? null : dates.Max());
            rows++;
        });
        report.MarkCopilotRead();
        return rows;
    }

    private static void ReadRows(TextReader reader, string name, IReadOnlyList<string> required, Action<Func<string, string?>, string> row)
    {
        Dictionary<string, int>? header = null;
        var concealed = 0;
        var named = 0;
        foreach (var record in CsvReader.Read(reader))
        {
            if (header is null)
            {
                // The download starts with a byte-order mark.
                header = record.Fields.Select((f, i) => (Name: f.Trim().TrimStart('\uFEFF'), i)).GroupBy(h => h.Name).ToDictionary(g => g.Key, g => g.First().i, StringComparer.OrdinalIgnoreCase);
                var missing = required.Where(r => !header.ContainsKey(r)).ToList();
                if (missing.Count > 0)
                {
                    throw new UsageReportException($"{name} has no column {string.Join(", ", missing.Select(m => $"'{m}'"))}; the report's format changed");
                }

                continue;
            }

            var fields = record.Fields;
            string? Field(string column) => header.TryGetValue(column, out var i) && i < fields.Count ? fields[i] : null;
            var upn = Field(UserPrincipalName)?.Trim() ?? string.Empty;
            if (upn.Length == 0)
            {
                continue;
            }

            // Concealed reports put a hash (32 hex digits) where the UPN goes.
            if (!upn.Contains('@', StringComparison.Ordinal))
            {
                concealed++;
                continue;
            }

            named++;
            row(Field, upn);
        }

        if (concealed > 0 && named == 0)
        {
            throw new UsageReportException(ConcealedNamesReason);
        }
    }

    /// <summary>Report dates are days (yyyy-MM-dd), read as UTC midnight; empty means no activity in the period.</summary>
    private static DateTimeOffset? Date(string? value) =>
        DateTimeOffset.TryParseExact(value?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
            ? date
            : null;
}
