using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Contracts;

/// <summary>HTTP trigger of <c>GetContract</c>: hands the request to the route table's handler of the same name.</summary>
public static class GetContract
{
    [Function(nameof(GetContract))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.ContractById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetContract), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
