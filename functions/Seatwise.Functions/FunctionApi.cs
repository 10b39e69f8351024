using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Seatwise.Workflows.Api;

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
}
