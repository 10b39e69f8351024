using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Tenants;

/// <summary>HTTP trigger of <c>PutTenant</c>: hands the request to the route table's handler of the same name.</summary>
public static class PutTenant
{
    [Function(nameof(PutTenant))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = ApiPaths.TenantById)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(PutTenant), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
