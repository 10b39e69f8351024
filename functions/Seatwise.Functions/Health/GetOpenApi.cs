using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Health;

/// <summary>HTTP trigger of <c>GetOpenApi</c>: hands the request to the route table's handler of the same name.</summary>
public static class GetOpenApi
{
    [Function(nameof(GetOpenApi))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.OpenApi)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetOpenApi), request, cancellationToken);
}
