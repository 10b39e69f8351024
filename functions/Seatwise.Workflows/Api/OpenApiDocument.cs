using Microsoft.AspNetCore.Http;

namespace Seatwise.Workflows.Api;

/// <summary>Serves the OpenAPI document kept next to the route table (a test keeps the two in step).</summary>
public static class OpenApiDocument
{
    public static readonly string Json = Load();

    public static Task<IResult> GetOpenApi(ApiRequest request) => Task.FromResult(Results.Text(Json, "application/json"));

    private static string Load()
    {
        using var stream = typeof(OpenApiDocument).Assembly.GetManifestResourceStream("Seatwise.Workflows.Api.openapi.json")
            ?? throw new InvalidOperationException("The embedded OpenAPI document is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
