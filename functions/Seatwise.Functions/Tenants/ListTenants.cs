using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Tenants;

/// <summary>HTTP trigger of <c>ListTenants</c>: hands the request to the route table's handler of the same name.</summary>
public static class ListTenants
{
    [Function(nameof(ListTenants))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ApiPaths.Tenants)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListTenants), request, cancellationToken);
}
