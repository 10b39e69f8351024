using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Queries;

/// <summary>HTTP trigger of <c>UpdateFinding</c>: hands the request to the route table's handler of the same name.</summary>
public static class UpdateFinding
{
    [Function(nameof(UpdateFinding))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "patch", Route = ApiPaths.FindingById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UpdateFinding), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
