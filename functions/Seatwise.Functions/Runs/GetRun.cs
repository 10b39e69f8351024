using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Runs;

/// <summary>HTTP trigger of <c>GetRun</c>: hands the request to the route table's handler of the same name.</summary>
public static class GetRun
{
    [Function(nameof(GetRun))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.RunById)] HttpRequest request,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetRun), request, client, cancellationToken, new Dictionary<string, string?> { ["runId"] = runId });
}
