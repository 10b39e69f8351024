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

    /// <summary>
    /// The page's one script, allowed by its SHA-256 and nothing else: no <c>'unsafe-inline'</c> for scripts, so a
    /// script injected into the page (were any text ever rendered as HTML) would not run.
    /// </summary>
    private static readonly Lazy<string> Policy = new(() =>
    {
        var page = Page.Value;
        var start = page.IndexOf("<script>", StringComparison.Ordinal) + "<script>".Length;
        var end = page.IndexOf("</script>", start, StringComparison.Ordinal);
        if (start < "<script>".Length || end < 0 || page.IndexOf("<script", end, StringComparison.Ordinal) >= 0)
        {
            throw new InvalidOperationException("The dashboard page must hold exactly one inline script.");
        }

        var hash = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(page[start..end])));
        return $"default-src 'none'; script-src 'sha256-{hash}'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data: blob:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    });

    public static Task<IResult> GetDashboard(ApiRequest request)
    {
        var headers = request.Http.Response.Headers;
        headers.ContentSecurityPolicy = Policy.Value;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-cache";
        return Task.FromResult(Results.Content(Page.Value, "text/html; charset=utf-8"));
    }
}
