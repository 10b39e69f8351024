using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Queries;

/// <summary>HTTP trigger of <c>ListSeats</c>: hands the request to the route table's handler of the same name.</summary>
public static class ListSeats
{
    [Function(nameof(ListSeats))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.ContractSeats)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListSeats), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
