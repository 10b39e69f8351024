using Microsoft.AspNetCore.Http;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Dashboard;

/// <summary>
/// The built-in dashboard: one static page (HTML, CSS and script inline, nothing from a CDN) that calls the query
/// API from the browser. It holds no data itself, so it is served without a key; the API calls it makes need one.
/// </summary>
public static class DashboardApi
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardApi).Assembly.GetManifestResourceStream("Seatwise.Workflows.Dashboard.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static Task<IResult> GetDashboard(ApiRequest request)
    {
        var headers = request.Http.Response.Headers;
        headers.ContentSecurityPolicy = "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return Task.FromResult(Results.Content(Page.Value, "text/html; charset=utf-8"));
    }
}
