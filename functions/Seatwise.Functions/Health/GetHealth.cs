using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Seatwise.Functions.Health;

public static class GetHealth
{
    [Function(nameof(GetHealth))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetHealth), request, cancellationToken);
}
