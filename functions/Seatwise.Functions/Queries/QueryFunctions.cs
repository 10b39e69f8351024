using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Seatwise.Functions.Queries;

// Thin triggers over the query API: each hands its request to the shared handler of the same name.
public static class ListPositions
{
    [Function(nameof(ListPositions))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "positions")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListPositions), request, cancellationToken);
}

public static class ListSeats
{
    [Function(nameof(ListSeats))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "contracts/{id}/seats")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListSeats), request, cancellationToken, FunctionApi.Id(id));
}

public static class ListFindings
{
    [Function(nameof(ListFindings))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "findings")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListFindings), request, cancellationToken);
}

public static class GetFinding
{
    [Function(nameof(GetFinding))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "findings/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetFinding), request, cancellationToken, FunctionApi.Id(id));
}

public static class UpdateFinding
{
    [Function(nameof(UpdateFinding))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "patch", Route = "findings/{id}")] HttpRequest request, string id, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UpdateFinding), request, cancellationToken, FunctionApi.Id(id));
}

public static class ListRenewals
{
    [Function(nameof(ListRenewals))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "renewals")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListRenewals), request, cancellationToken);
}

public static class ListApps
{
    [Function(nameof(ListApps))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "apps")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListApps), request, cancellationToken);
}

public static class GetSummary
{
    [Function(nameof(GetSummary))]
    public static Task<IActionResult> Run([HttpTrigger(AuthorizationLevel.Function, "get", Route = "summary")] HttpRequest request, CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetSummary), request, cancellationToken);
}
