using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Health;

/// <summary>Liveness and storage reachability; anonymous so probes need no key.</summary>
public static class GetHealth
{
    [Function(nameof(GetHealth))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.Health)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetHealth), request, cancellationToken);
}
