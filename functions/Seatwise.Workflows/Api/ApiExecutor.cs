using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seatwise.Workflows.Api;

/// <summary>Runs a route's handler for either host and turns anything unexpected into problem+json, never a stack trace.</summary>
public static class ApiExecutor
{
    /// <summary>What a 503 for unavailable storage asks the caller to wait.</summary>
    public const int RetryAfterSeconds = 30;

    /// <summary>
    /// Storage that did not answer (no response, a connection refused, a timeout) or answered 500/503 after the
    /// SDK's own retries; the SDK reports these as <see cref="Azure.RequestFailedException"/> with status 0 and an
    /// inner network error, or as an <see cref="AggregateException"/> of its attempts.
    /// </summary>
    public static bool StorageUnavailable(Exception ex) => ex switch
    {
        Azure.RequestFailedException { Status: 0 or 408 or 500 or 502 or 503 or 504 } => true,
        HttpRequestException or System.Net.Sockets.SocketException or TimeoutException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(StorageUnavailable),
        _ => ex.InnerException is { } inner && StorageUnavailable(inner),
    };

    public static async Task ExecuteAsync(ApiRoute route, HttpContext http, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        IResult result;
        try
        {
            result = ApiInput.CheckFormat(http.Request)
                ?? (route.TenantScoped ? await http.RequestServices.GetRequiredService<TenantAccess>().CheckAsync(http.Request, routeValues.GetValueOrDefault(TenantAccess.RouteValue) ?? string.Empty, cancellationToken) : null)
                ?? await route.Handler(new ApiRequest(http, routeValues, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex) when (StorageUnavailable(ex))
        {
            // Storage down or throttling past its retries: say so, and when to try again, instead of a bare 500.
            http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(ApiExecutor))
                .LogWarning("Request {Method} {Route}: storage unavailable ({Error})", route.Method, route.Route, ex.GetType().Name);
            http.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            result = Problems.Unavailable(
                "Storage (Azure Table or Blob storage, or Azurite locally) did not answer; nothing was changed. Try again in a moment.",
                new Dictionary<string, object?> { ["dependency"] = "storage" });
        }
        catch (Exception ex)
        {
            var traceId = Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier;
            http.RequestServices.GetService<ILoggerFactory>()?.CreateLogger(typeof(ApiExecutor))
                .LogError(ex, "Request {Method} {Route} failed (trace {TraceId})", route.Method, route.Route, traceId);
            result = Problems.Internal(traceId);
        }

        await result.ExecuteAsync(http);
    }
}
