using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Contracts;

/// <summary>HTTP trigger of <c>ReplaceContract</c>: hands the request to the route table's handler of the same name.</summary>
public static class ReplaceContract
{
    [Function(nameof(ReplaceContract))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiPaths.ContractById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ReplaceContract), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
