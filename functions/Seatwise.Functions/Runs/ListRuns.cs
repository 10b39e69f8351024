using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Runs;

/// <summary>HTTP trigger of <c>ListRuns</c>: hands the request to the route table's handler of the same name.</summary>
public static class ListRuns
{
    [Function(nameof(ListRuns))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.Runs)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListRuns), request, cancellationToken);
}
