using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Tenants;

/// <summary>HTTP trigger of <c>DeleteTenant</c>: hands the request to the route table's handler of the same name.</summary>
public static class DeleteTenant
{
    [Function(nameof(DeleteTenant))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = ApiPaths.TenantById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(DeleteTenant), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
