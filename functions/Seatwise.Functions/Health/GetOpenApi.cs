using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Seatwise.Functions.Health;

public static class GetOpenApi
{
    [Function(nameof(GetOpenApi))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetOpenApi), request, cancellationToken);
}
