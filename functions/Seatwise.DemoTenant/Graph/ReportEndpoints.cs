using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Seatwise.Core.Usage;
using Seatwise.DemoTenant.Generation;

namespace Seatwise.DemoTenant.Graph;

/// <summary>
/// The two Microsoft 365 usage reports Seatwise reads, with Graph's shapes: the report URL answers 302 with a
/// Location to the CSV download (byte-order mark, the documented header, one row per licensed user, dates as
/// yyyy-MM-dd). <c>Faults.ReportsForbidden</c> answers 403 as without Reports.Read.All; <c>Faults.ConcealedNames</c>
/// puts a hash where the UPN and display name go, as a tenant that conceals names does.
/// </summary>
public static class ReportEndpoints
{
    public const string DownloadPath = "/reports-download";

    /// <summary>The active-user report's header as Microsoft documents it (reportroot-getoffice365activeuserdetail).</summary>
    public static readonly string[] OfficeHeader =
    [
        "Report Refresh Date", "User Principal Name", "Display Name", "Is Deleted", "Deleted Date", "Has Exchange License", "Has OneDrive License",
        "Has SharePoint License", "Has Skype For Business License", "Has Yammer License", "Has Teams License", "Exchange Last Activity Date",
        "OneDrive Last Activity Date", "SharePoint Last Activity Date", "Skype For Business Last Activity Date", "Yammer Last Activity Date",
        "Teams Last Activity Date", "Exchange License Assign Date", "OneDrive License Assign Date", "SharePoint License Assign Date",
        "Skype For Business License Assign Date", "Yammer License Assign Date", "Teams License Assign Date", "Assigned Products",
    ];

    public static readonly string[] CopilotHeader =
    [
        "Report Refresh Date", "User Principal Name", "Display Name", "Last Activity Date", "Microsoft Teams Copilot Last Activity Date",
        "Word Copilot Last Activity Date", "Excel Copilot Last Activity Date", "PowerPoint Copilot Last Activity Date", "Outlook Copilot Last Activity Date",
        "OneNote Copilot Last Activity Date", "Loop Copilot Last Activity Date", "Copilot Chat Last Activity Date", "Report Period",
    ];

    public static void MapReports(this IEndpointRouteBuilder app, DemoTenantState state)
    {
        app.MapGet("/v1.0/reports/{**report}", (HttpContext http, string report) => RedirectAsync(http, state, "reports", report, "getOffice365ActiveUserDetail", "office"));
        app.MapGet("/beta/copilot/reports/{**report}", (HttpContext http, string report) => RedirectAsync(http, state, "copilotReports", report, "getMicrosoft365CopilotUsageUserDetail", "copilot"));
        app.MapGet(DownloadPath + "/{name}", (HttpContext http, string name) => DownloadAsync(http, state, name));
    }

    private static async Task RedirectAsync(HttpContext http, DemoTenantState state, string route, string report, string function, string download)
    {
        state.NextRequestNumber(route);
        if (!report.StartsWith(function + "(period='", StringComparison.Ordinal))
        {
            await GraphEndpoints.ErrorAsync(http, 400, "BadRequest", $"Resource not found for the segment '{report}'.");
            return;
        }

        var period = report[(function.Length + 9)..].TrimEnd(')', '\'');
        if (period is not ("D7" or "D30" or "D90" or "D180"))
        {
            await GraphEndpoints.ErrorAsync(http, 400, "BadRequest", $"Invalid value for period: '{period}'.");
            return;
        }

        if (state.Faults.ReportsForbidden)
        {
            await GraphEndpoints.ErrorAsync(http, 403, "UnknownError", "Insufficient privileges to complete the operation.");
            return;
        }

        http.Response.StatusCode = 302;
        http.Response.Headers.Location = $"{http.Request.Scheme}://{http.Request.Host}{DownloadPath}/{download}-{period}.csv";
    }

    private static async Task DownloadAsync(HttpContext http, DemoTenantState state, string name)
    {
        state.NextRequestNumber("reportDownloads");
        var copilot = name.StartsWith("copilot-", StringComparison.Ordinal);
        var refresh = state.Generator.ReferenceTime.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var concealed = state.Faults.ConcealedNames;
        var csv = new StringBuilder("\uFEFF");
        csv.AppendJoin(',', copilot ? CopilotHeader : OfficeHeader).Append("\r\n");
        for (var i = 0; i < state.Options.Users; i++)
        {
            if (state.User(i) is not { UserType: "Member" } user || user.Licenses.Count == 0 || (copilot && !user.Licenses.Contains(DemoSkus.Copilot)))
            {
                continue;
            }

            var upn = concealed ? Hash(user.UserPrincipalName) : user.UserPrincipalName;
            var display = concealed ? Hash(user.DisplayName) : user.DisplayName;
            string Date(string workload) => user.WorkloadActivity.TryGetValue(workload, out var d) ? Day(d) : string.Empty;
            var assigned = Day(user.CreatedDateTime);
            string[] row = copilot
                ?
                [
                    refresh, upn, display, user.CopilotActivity is { } c ? Day(c) : string.Empty, string.Empty, string.Empty, string.Empty, string.Empty,
                    user.CopilotActivity is { } o ? Day(o) : string.Empty, string.Empty, string.Empty, string.Empty, "180",
                ]
                :
                [
                    refresh, upn, display, "False", string.Empty, "True", "True", "True", "True", "True", "True",
                    Date(Workloads.Exchange), Date(Workloads.OneDrive), Date(Workloads.SharePoint), Date(Workloads.Skype), Date(Workloads.VivaEngage), Date(Workloads.Teams),
                    assigned, assigned, assigned, assigned, assigned, assigned,
                    string.Join("+", user.Licenses.Select(l => l.Name.ToUpperInvariant())),
                ];
            csv.AppendJoin(',', row.Select(Quote)).Append("\r\n");
        }

        http.Response.ContentType = "application/octet-stream";
        await http.Response.WriteAsync(csv.ToString(), http.RequestAborted);
    }

    private static string Day(DateTimeOffset date) => date.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Quote(string value) => value.Contains(',', StringComparison.Ordinal) ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    /// <summary>What a concealed report shows instead of a name: 32 upper-case hex digits.</summary>
    private static string Hash(string value) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];
}
