using Seatwise.Workflows.Contracts;
using Seatwise.Workflows.Dashboard;
using Seatwise.Workflows.Health;
using Seatwise.Workflows.Queries;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows.Api;

/// <summary>The route table: every HTTP operation of Seatwise, served identically by both hosts.</summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Health = new(nameof(HealthApi.GetHealth), "GET", "health", Anonymous: true, HealthApi.GetHealth);

    public static IReadOnlyList<ApiRoute> All { get; } =
    [
        Health,
        new(nameof(OpenApiDocument.GetOpenApi), "GET", "openapi.json", Anonymous: true, OpenApiDocument.GetOpenApi),
        new(nameof(ContractsApi.ListContracts), "GET", "contracts", Anonymous: false, ContractsApi.ListContracts),
        new(nameof(ContractsApi.CreateContract), "POST", "contracts", Anonymous: false, ContractsApi.CreateContract),
        new(nameof(ContractsApi.ImportContracts), "POST", "contracts/import", Anonymous: false, ContractsApi.ImportContracts),
        new(nameof(ContractsApi.GetContract), "GET", "contracts/{id}", Anonymous: false, ContractsApi.GetContract),
        new(nameof(ContractsApi.ReplaceContract), "PUT", "contracts/{id}", Anonymous: false, ContractsApi.ReplaceContract),
        new(nameof(ContractsApi.DeleteContract), "DELETE", "contracts/{id}", Anonymous: false, ContractsApi.DeleteContract),
        new(nameof(RunsApi.StartRun), "POST", "runs", Anonymous: false, RunsApi.StartRun),
        new(nameof(RunsApi.ListRuns), "GET", "runs", Anonymous: false, RunsApi.ListRuns),
        new(nameof(RunsApi.GetRun), "GET", "runs/{runId}", Anonymous: false, RunsApi.GetRun),
        new(nameof(PositionsApi.ListPositions), "GET", "positions", Anonymous: false, PositionsApi.ListPositions),
        new(nameof(InventoryApi.ListSeats), "GET", "contracts/{id}/seats", Anonymous: false, InventoryApi.ListSeats),
        new(nameof(FindingsApi.ListFindings), "GET", "findings", Anonymous: false, FindingsApi.ListFindings),
        new(nameof(FindingsApi.GetFinding), "GET", "findings/{id}", Anonymous: false, FindingsApi.GetFinding),
        new(nameof(FindingsApi.UpdateFinding), "PATCH", "findings/{id}", Anonymous: false, FindingsApi.UpdateFinding),
        new(nameof(ReportsApi.ListRenewals), "GET", "renewals", Anonymous: false, ReportsApi.ListRenewals),
        new(nameof(InventoryApi.ListApps), "GET", "apps", Anonymous: false, InventoryApi.ListApps),
        new(nameof(ReportsApi.GetSummary), "GET", "summary", Anonymous: false, ReportsApi.GetSummary),
        new(nameof(DashboardApi.GetDashboard), "GET", "dashboard", Anonymous: true, DashboardApi.GetDashboard),
    ];

    public static ApiRoute Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No API route named {name}.");
}
