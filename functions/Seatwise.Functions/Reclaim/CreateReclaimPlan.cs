using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>CreateReclaimPlan</c>: hands the request to the route table's handler of the same name.</summary>
public static class CreateReclaimPlan
{
    [Function(nameof(CreateReclaimPlan))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.ReclaimPlans)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(CreateReclaimPlan), request, cancellationToken);
}
