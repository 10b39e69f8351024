using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>ListReclaimPlans</c>: hands the request to the route table's handler of the same name.</summary>
public static class ListReclaimPlans
{
    [Function(nameof(ListReclaimPlans))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.ReclaimPlans)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListReclaimPlans), request, cancellationToken);
}
