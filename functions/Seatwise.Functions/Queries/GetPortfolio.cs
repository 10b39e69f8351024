using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Queries;

/// <summary>HTTP trigger of <c>GetPortfolio</c>: hands the request to the route table's handler of the same name.</summary>
public static class GetPortfolio
{
    [Function(nameof(GetPortfolio))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.Portfolio)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetPortfolio), request, cancellationToken);
}
