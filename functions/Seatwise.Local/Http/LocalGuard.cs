using Seatwise.Workflows.Api;

namespace Seatwise.Local.Http;

/// <summary>
/// What keeps a web page in the user's browser from driving the keyless local host: only loopback host names are
/// served (a DNS-rebinding page arrives with its own host name), and a state-changing request from a foreign
/// <c>Origin</c>, or with a body a plain HTML form can send, is refused. Azure has function keys and its own CORS
/// list for this; the local host runs without a key by default, so it checks itself.
/// </summary>
internal static class LocalGuard
{
    /// <summary>Host names always served: the loopback names.</summary>
    public static readonly IReadOnlyList<string> LoopbackHosts = ["localhost", "127.0.0.1", "[::1]"];

    /// <summary>Content types an HTML form (or a no-CORS fetch) can send without a preflight.</summary>
    private static readonly string[] FormContentTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    /// <param name="allowedHosts">Further host names from <c>Api__AllowedHosts</c> (comma-separated).</param>
    /// <param name="allowedOrigins">Browser origins from <c>Api__CorsOrigins</c>.</param>
    public static IApplicationBuilder UseLocalGuard(this IApplicationBuilder app, IReadOnlyList<string> allowedHosts, IReadOnlyList<string> allowedOrigins)
    {
        var hosts = new HashSet<string>([.. LoopbackHosts, .. allowedHosts], StringComparer.OrdinalIgnoreCase);
        return app.Use(async (http, next) =>
        {
            var request = http.Request;
            if (!hosts.Contains(request.Host.Host.StartsWith('[') ? request.Host.Host : request.Host.Host.TrimEnd('.')))
            {
                await Problems.Create(StatusCodes.Status400BadRequest, "host-not-allowed", "This host name is not served.",
                    $"The local host answers only on {string.Join(", ", hosts)}; add others to Api__AllowedHosts.").ExecuteAsync(http);
                return;
            }

            if (HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method) || HttpMethods.IsPatch(request.Method) || HttpMethods.IsDelete(request.Method))
            {
                var origin = request.Headers.Origin.FirstOrDefault();
                if (origin is not null && !IsOwnOrigin(origin, hosts) && !allowedOrigins.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase))
                {
                    await Problems.Create(StatusCodes.Status403Forbidden, "origin-not-allowed", "Requests from this origin are refused.",
                        $"A page at {origin} may not change anything here; allow it in Api__CorsOrigins if it should.").ExecuteAsync(http);
                    return;
                }

                var type = request.ContentType?.Split(';')[0].Trim();
                if (type is not null && FormContentTypes.Contains(type, StringComparer.OrdinalIgnoreCase))
                {
                    await Problems.UnsupportedMediaType($"{type} is not accepted here (a web form could send it); send application/json, or text/csv to the import.").ExecuteAsync(http);
                    return;
                }
            }

            await next(http);
        });
    }

    private static bool IsOwnOrigin(string origin, HashSet<string> hosts) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && hosts.Contains(uri.Host.Contains(':') ? $"[{uri.Host}]" : uri.Host);

    /// <summary>An error status with no body (no route, wrong method) becomes problem+json like every other error.</summary>
    public static IApplicationBuilder UseProblemStatusPages(this IApplicationBuilder app) => app.UseStatusCodePages(async context =>
    {
        var http = context.HttpContext;
        var status = http.Response.StatusCode;
        var result = status switch
        {
            StatusCodes.Status404NotFound => Problems.NotFound($"There is no route {http.Request.Method} {http.Request.Path}; every route is in /api/openapi.json."),
            StatusCodes.Status405MethodNotAllowed => Problems.Create(status, "method-not-allowed", "Method not allowed.",
                $"{http.Request.Method} is not allowed on {http.Request.Path}; see /api/openapi.json for the methods it takes."),
            _ => Problems.Create(status, "error", Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status), $"The request ended with status {status}."),
        };
        await result.ExecuteAsync(http);
    });
}
