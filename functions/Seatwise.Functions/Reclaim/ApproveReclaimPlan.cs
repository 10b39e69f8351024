using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>ApproveReclaimPlan</c>: hands the request to the route table's handler of the same name.</summary>
public static class ApproveReclaimPlan
{
    [Function(nameof(ApproveReclaimPlan))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.ReclaimPlanApproval)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ApproveReclaimPlan), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
