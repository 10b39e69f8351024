using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using Seatwise.Functions.Contracts;
using Seatwise.Functions.Queries;
using Seatwise.Functions.Reclaim;
using Seatwise.Functions.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Functions.Tenants;

/// <summary>
/// HTTP triggers of the tenant-scoped routes (<c>/api/tenants/{tenant}/...</c>), one per route of the table's
/// <c>ApiRoutes.Scoped</c>. The host lets them through without its function key (a tenant's key is not a function
/// key); the shared executor checks the operator key or the tenant's key (<c>TenantAccess</c>) before the handler.
/// </summary>
public static class TenantScopedTriggers
{
    [Function(nameof(CreateContract) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> CreateContractForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.Contracts)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(CreateContract) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(DeleteContract) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> DeleteContractForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = ApiPaths.TenantScope + ApiPaths.ContractById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(DeleteContract) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(GetContract) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetContractForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.ContractById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetContract) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(ImportContracts) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ImportContractsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.ContractsImport)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ImportContracts) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ListContracts) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListContractsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Contracts)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListContracts) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ReplaceContract) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ReplaceContractForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "put", Route = ApiPaths.TenantScope + ApiPaths.ContractById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ReplaceContract) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(GetFinding) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetFindingForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.FindingById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetFinding) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(GetFocusExport) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetFocusExportForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.FocusExport)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetFocusExport) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(GetSummary) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetSummaryForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Summary)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetSummary) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(GetTrends) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetTrendsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Trends)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetTrends) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ListApps) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListAppsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Apps)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListApps) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ListFindings) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListFindingsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Findings)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListFindings) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ListPositions) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListPositionsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Positions)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListPositions) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ListRenewals) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListRenewalsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Renewals)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListRenewals) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ListSeats) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListSeatsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.ContractSeats)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListSeats) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(UpdateFinding) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> UpdateFindingForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiPaths.TenantScope + ApiPaths.FindingById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UpdateFinding) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(ApproveReclaimPlan) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ApproveReclaimPlanForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlanApproval)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ApproveReclaimPlan) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(CreateReclaimPlan) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> CreateReclaimPlanForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlans)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(CreateReclaimPlan) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(ExecuteReclaimPlan) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ExecuteReclaimPlanForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlanExecution)] HttpRequest request,
        string tenant,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ExecuteReclaimPlan) + ApiRoutes.ScopedSuffix, request, client, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(GetReclaimPlan) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetReclaimPlanForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlanById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetReclaimPlan) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(GetReclaimPlanAudit) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetReclaimPlanAuditForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlanAudit)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetReclaimPlanAudit) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(ListReclaimPlans) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListReclaimPlansForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlans)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListReclaimPlans) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(UndoReclaimPlan) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> UndoReclaimPlanForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlanUndo)] HttpRequest request,
        string tenant,
        string id,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UndoReclaimPlan) + ApiRoutes.ScopedSuffix, request, client, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(UpdateReclaimPlan) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> UpdateReclaimPlanForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = ApiPaths.TenantScope + ApiPaths.ReclaimPlanById)] HttpRequest request,
        string tenant,
        string id,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(UpdateReclaimPlan) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["id"] = id });

    [Function(nameof(GetRun) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> GetRunForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.RunById)] HttpRequest request,
        string tenant,
        string runId,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(GetRun) + ApiRoutes.ScopedSuffix, request, client, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant, ["runId"] = runId });

    [Function(nameof(ListRuns) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> ListRunsForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = ApiPaths.TenantScope + ApiPaths.Runs)] HttpRequest request,
        string tenant,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(ListRuns) + ApiRoutes.ScopedSuffix, request, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });

    [Function(nameof(StartRun) + ApiRoutes.ScopedSuffix)]
    public static Task<IActionResult> StartRunForTenant(
        [HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = ApiPaths.TenantScope + ApiPaths.Runs)] HttpRequest request,
        string tenant,
        [DurableClient] DurableTaskClient client,
        CancellationToken cancellationToken) =>
        FunctionApi.ExecuteAsync(nameof(StartRun) + ApiRoutes.ScopedSuffix, request, client, cancellationToken, new Dictionary<string, string?> { ["tenant"] = tenant });
}
