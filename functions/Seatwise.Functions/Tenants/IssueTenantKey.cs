using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Tenants;

/// <summary>HTTP trigger of <c>IssueTenantKey</c>: hands the request to the route table's handler of the same name.</summary>
public static class IssueTenantKey
{
    [Function(nameof(IssueTenantKey))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.TenantKey)] HttpRequest request,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(IssueTenantKey), request, cancellationToken, new Dictionary<string, string?> { ["id"] = id });
}
