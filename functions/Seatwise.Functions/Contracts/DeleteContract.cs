using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Contracts;

/// <summary>HTTP trigger of <c>DeleteContract</c>: hands the request to the route table's handler of the same name.</summary>
public static class DeleteContract
{
    [Function(nameof(DeleteContract))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiPaths.ContractById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(DeleteContract), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
