using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>KeepReclaimSeat</c>: anonymous, the link's signature is its authorisation.</summary>
public static class KeepReclaimSeat
{
    [Function(nameof(KeepReclaimSeat))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.ReclaimKeep)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(KeepReclaimSeat), request, cancellationToken);
}
