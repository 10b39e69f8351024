using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>UpdateReclaimPlan</c>: hands the request to the route table's handler of the same name.</summary>
public static class UpdateReclaimPlan
{
    [Function(nameof(UpdateReclaimPlan))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = ApiPaths.ReclaimPlanById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UpdateReclaimPlan), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
