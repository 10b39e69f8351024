using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Dashboard;

/// <summary>The dashboard page; anonymous because it holds no data (its API calls carry the key).</summary>
public static class GetDashboard
{
    [Function(nameof(GetDashboard))]
    public static Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.Dashboard)] HttpRequest request,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetDashboard), request, cancellationToken);
}
