using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Runs;

/// <summary>HTTP trigger of <c>StartRun</c>: hands the request to the route table's handler of the same name.</summary>
public static class StartRun
{
    [Function(nameof(StartRun))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.Runs)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(StartRun), request, client, cancellationToken);
}
