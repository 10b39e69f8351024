using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Contracts;

/// <summary>HTTP trigger of <c>CreateContract</c>: hands the request to the route table's handler of the same name.</summary>
public static class CreateContract
{
    [Function(nameof(CreateContract))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.Contracts)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(CreateContract), request, cancellationToken);
}
