using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Reclaim;

/// <summary>HTTP trigger of <c>UndoReclaimPlan</c>: hands the request to the route table's handler of the same name.</summary>
public static class UndoReclaimPlan
{
    [Function(nameof(UndoReclaimPlan))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.ReclaimPlanUndo)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UndoReclaimPlan), request, client, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
