using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Seatwise.Workflows.Api;

/// <summary>Runs a route's handler for either host and turns anything unexpected into problem+json, never a stack trace.</summary>
public static class ApiExecutor
{
    public static async Task ExecuteAsync(ApiRoute route, HttpContext http, IReadOnlyDictionary<string, string?> routeValues, CancellationToken cancellationToken)
    {
        IResult result;
        try
        {
            result = await route.Handler(new ApiRequest(http, routeValues, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return;
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
