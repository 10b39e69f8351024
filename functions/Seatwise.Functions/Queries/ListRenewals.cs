using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Queries;

/// <summary>HTTP trigger of <c>ListRenewals</c>: hands the request to the route table's handler of the same name.</summary>
public static class ListRenewals
{
    [Function(nameof(ListRenewals))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.Renewals)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListRenewals), request, cancellationToken);
}
