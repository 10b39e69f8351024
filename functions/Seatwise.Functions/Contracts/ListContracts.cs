using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Contracts;

/// <summary>HTTP trigger of <c>ListContracts</c>: hands the request to the route table's handler of the same name.</summary>
public static class ListContracts
{
    [Function(nameof(ListContracts))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.Contracts)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListContracts), request, cancellationToken);
}
