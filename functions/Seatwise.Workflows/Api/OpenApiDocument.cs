using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Seatwise.Workflows.Api;

/// <summary>
/// Serves the OpenAPI document kept next to the route table (a test keeps the two in step). The tenant-scoped
/// routes are written once, as their unscoped originals: the served document adds each one's copy below
/// <c>/tenants/{tenant}/</c> from the route table, so the two can never drift.
/// </summary>
public static class OpenApiDocument
{
    public static readonly string Json = WithScopedRoutes(Load());

    public static Task<IResult> GetOpenApi(ApiRequest request) => Task.FromResult(Results.Text(Json, "application/json"));

    /// <summary>Adds a copy of every scoped route's operation: operationId with the suffix, the tenant parameter, a 403 for another tenant's key.</summary>
    public static string WithScopedRoutes(string json)
    {
        var document = JsonNode.Parse(json)!.AsObject();
        var paths = document["paths"]!.AsObject();
        foreach (var route in ApiRoutes.All.Where(r => r.TenantScoped))
        {
            var original = "/" + route.Route[ApiPaths.TenantScope.Length..];
            var method = route.Method.ToLowerInvariant();
            if (paths[original] is not JsonObject source || source[method] is not JsonObject operation)
            {
                continue; // The test that compares document and table names what is missing.
            }

            var path = "/" + route.Route;
            if (paths[path] is not JsonObject target)
            {
                target = new JsonObject();
                var parameters = new JsonArray(new JsonObject { ["$ref"] = "#/components/parameters/Tenant" });
                foreach (var parameter in source["parameters"] as JsonArray ?? [])
                {
                    parameters.Add(parameter!.DeepClone());
                }

                target["parameters"] = parameters;
                paths[path] = target;
            }

            var copy = operation.DeepClone().AsObject();
            copy["operationId"] = route.Name;
            copy["tags"] = new JsonArray("tenant-scoped");
            var responses = copy["responses"]!.AsObject();
            responses["403"] ??= new JsonObject { ["$ref"] = "#/components/responses/Problem" };
            responses["404"] ??= new JsonObject { ["$ref"] = "#/components/responses/Problem" };
            target[method] = copy;
        }

        return document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private static string Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Seatwise.Workflows.Api.openapi.json")
            ?? throw new InvalidOperationException("The embedded OpenAPI document is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
