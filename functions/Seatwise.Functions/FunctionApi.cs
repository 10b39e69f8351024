using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.DurableTask.Client;
using Seatwise.Functions.Runs;
using Seatwise.Workflows.Api;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Functions;

/// <summary>Hands an HTTP trigger to the shared handler of the route table; the handler writes the response.</summary>
internal static class FunctionApi
{
    private static readonly IReadOnlyDictionary<string, string?> NoRouteValues = new Dictionary<string, string?>();

    public static async Task<IActionResult> ExecuteAsync(string routeName, HttpRequest request, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? routeValues = null)
    {
        await ApiExecutor.ExecuteAsync(ApiRoutes.Get(routeName), request.HttpContext, routeValues ?? NoRouteValues, cancellationToken);
        return new EmptyResult();
    }

    /// <summary>A route whose handler starts or reads orchestrations: in Azure its port is the durable client.</summary>
    public static Task<IActionResult> ExecuteAsync(string routeName, HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? routeValues = null)
    {
        request.HttpContext.Features.Set<IOrchestrationPort>(new DurableClientPort(client));
        return ExecuteAsync(routeName, request, cancellationToken, routeValues);
    }
}
