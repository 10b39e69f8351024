using Seatwise.Workflows.Api;

namespace Seatwise.Local.Http;

/// <summary>Maps the shared route table onto Kestrel, with the function-key check Azure would do.</summary>
internal static class LocalApi
{
    public const string KeyHeader = "x-functions-key";

    public static void MapSeatwiseApi(this IEndpointRouteBuilder endpoints, string? apiKey)
    {
        foreach (var route in ApiRoutes.All)
        {
            var requirement = new ApiKeyRequirement(!route.HostChecksKey);
            endpoints.MapMethods("/api/" + route.Route, [route.Method], async (HttpContext http, CancellationToken cancellationToken) =>
            {
                if (!requirement.Anonymous && !string.IsNullOrEmpty(apiKey) && !HasKey(http.Request, apiKey))
                {
                    await Problems.Unauthorized($"Send the API key in the {KeyHeader} header or the code query parameter.").ExecuteAsync(http);
                    return;
                }

                var values = http.Request.RouteValues.ToDictionary(v => v.Key, v => v.Value?.ToString(), StringComparer.OrdinalIgnoreCase);
                await ApiExecutor.ExecuteAsync(route, http, values, cancellationToken);
            }).WithName(route.Name).WithMetadata(requirement);
        }
    }

    private static bool HasKey(HttpRequest request, string apiKey)
    {
        var given = request.Headers[KeyHeader].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        return given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(apiKey));
    }
}

/// <summary>Whether an endpoint is served without a key: the check above reads it, and so does the host-parity test.</summary>
internal sealed record ApiKeyRequirement(bool Anonymous);
