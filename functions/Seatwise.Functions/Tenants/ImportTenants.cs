using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Tenants;

/// <summary>HTTP trigger of <c>ImportTenants</c>: hands the request to the route table's handler of the same name.</summary>
public static class ImportTenants
{
    [Function(nameof(ImportTenants))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = ApiPaths.TenantsImport)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ImportTenants), request, cancellationToken);
}
