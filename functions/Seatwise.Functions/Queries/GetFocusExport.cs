using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Queries;

/// <summary>HTTP trigger of <c>GetFocusExport</c>: hands the request to the route table's handler of the same name.</summary>
public static class GetFocusExport
{
    [Function(nameof(GetFocusExport))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.FocusExport)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetFocusExport), request, cancellationToken);
}
