using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>GetReclaimPlan</c>: hands the request to the route table's handler of the same name.</summary>
public static class GetReclaimPlan
{
    [Function(nameof(GetReclaimPlan))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.ReclaimPlanById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetReclaimPlan), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
