using Seatwise.Workflows.Contracts;
using Seatwise.Workflows.Dashboard;
using Seatwise.Workflows.Health;
using Seatwise.Workflows.Queries;
using Seatwise.Workflows.Reclaim;
using Seatwise.Workflows.Tenants;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows.Api;

/// <summary>The route table: every HTTP operation of Seatwise, served identically by both hosts.</summary>
public static class ApiRoutes
{
    public static readonly ApiRoute Health = ApiRoute.For<HealthServices>(nameof(HealthApi.GetHealth), "GET", ApiPaths.Health, anonymous: true, HealthApi.GetHealth);

    /// <summary>Today's routes, each also below <c>/api/tenants/{tenant}/</c> for a registry tenant (<see cref="Scoped"/>).</summary>
    public static IReadOnlyList<ApiRoute> All { get; } = [.. Unscoped(), .. Scoped(Unscoped())];

    /// <summary>The suffix of a tenant-scoped route's name (<c>ListContractsForTenant</c>).</summary>
    public const string ScopedSuffix = "ForTenant";

    /// <summary>
    /// Every keyed route about one tenant's data, below <c>tenants/{tenant}/</c>: not the registry itself (the
    /// operator's), not the anonymous ones (health, the document, the dashboard page, the notice's keep link).
    /// </summary>
    public static IEnumerable<ApiRoute> Scoped(IEnumerable<ApiRoute> routes) =>
        routes.Where(r => !r.Anonymous && !r.Route.StartsWith(ApiPaths.Tenants, StringComparison.Ordinal) && r.Route != ApiPaths.Portfolio)
            .Select(r => r with { Name = r.Name + ScopedSuffix, Route = ApiPaths.TenantScope + r.Route });

    private static IReadOnlyList<ApiRoute> Unscoped() =>
    [
        Health,
        new(nameof(OpenApiDocument.GetOpenApi), "GET", ApiPaths.OpenApi, Anonymous: true, OpenApiDocument.GetOpenApi),
        ApiRoute.For<ContractsServices>(nameof(ContractsApi.ListContracts), "GET", ApiPaths.Contracts, anonymous: false, ContractsApi.ListContracts),
        ApiRoute.For<ContractsServices>(nameof(ContractsApi.CreateContract), "POST", ApiPaths.Contracts, anonymous: false, ContractsApi.CreateContract),
        ApiRoute.For<ContractsServices>(nameof(ContractsApi.ImportContracts), "POST", ApiPaths.ContractsImport, anonymous: false, ContractsApi.ImportContracts),
        ApiRoute.For<ContractsServices>(nameof(ContractsApi.GetContract), "GET", ApiPaths.ContractById, anonymous: false, ContractsApi.GetContract),
        ApiRoute.For<ContractsServices>(nameof(ContractsApi.ReplaceContract), "PUT", ApiPaths.ContractById, anonymous: false, ContractsApi.ReplaceContract),
        ApiRoute.For<ContractsServices>(nameof(ContractsApi.DeleteContract), "DELETE", ApiPaths.ContractById, anonymous: false, ContractsApi.DeleteContract),
        ApiRoute.For<RunsServices>(nameof(RunsApi.StartRun), "POST", ApiPaths.Runs, anonymous: false, RunsApi.StartRun),
        ApiRoute.For<RunsServices>(nameof(RunsApi.ListRuns), "GET", ApiPaths.Runs, anonymous: false, RunsApi.ListRuns),
        ApiRoute.For<RunsServices>(nameof(RunsApi.GetRun), "GET", ApiPaths.RunById, anonymous: false, RunsApi.GetRun),
        ApiRoute.For<QueryServices>(nameof(PositionsApi.ListPositions), "GET", ApiPaths.Positions, anonymous: false, PositionsApi.ListPositions),
        ApiRoute.For<QueryServices>(nameof(InventoryApi.ListSeats), "GET", ApiPaths.ContractSeats, anonymous: false, InventoryApi.ListSeats),
        ApiRoute.For<FindingsServices>(nameof(FindingsApi.ListFindings), "GET", ApiPaths.Findings, anonymous: false, FindingsApi.ListFindings),
        ApiRoute.For<FindingsServices>(nameof(FindingsApi.GetFinding), "GET", ApiPaths.FindingById, anonymous: false, FindingsApi.GetFinding),
        ApiRoute.For<FindingsServices>(nameof(FindingsApi.UpdateFinding), "PATCH", ApiPaths.FindingById, anonymous: false, FindingsApi.UpdateFinding),
        ApiRoute.For<QueryServices>(nameof(ReportsApi.ListRenewals), "GET", ApiPaths.Renewals, anonymous: false, ReportsApi.ListRenewals),
        ApiRoute.For<QueryServices>(nameof(InventoryApi.ListApps), "GET", ApiPaths.Apps, anonymous: false, InventoryApi.ListApps),
        ApiRoute.For<QueryServices>(nameof(ReportsApi.GetSummary), "GET", ApiPaths.Summary, anonymous: false, ReportsApi.GetSummary),
        ApiRoute.For<QueryServices>(nameof(ReportsApi.GetPortfolio), "GET", ApiPaths.Portfolio, anonymous: false, ReportsApi.GetPortfolio),
        ApiRoute.For<QueryServices>(nameof(TrendsApi.GetTrends), "GET", ApiPaths.Trends, anonymous: false, TrendsApi.GetTrends),
        ApiRoute.For<QueryServices>(nameof(ExportsApi.GetFocusExport), "GET", ApiPaths.FocusExport, anonymous: false, ExportsApi.GetFocusExport),
        ApiRoute.For<TenantsServices>(nameof(TenantsApi.ListTenants), "GET", ApiPaths.Tenants, anonymous: false, TenantsApi.ListTenants),
        ApiRoute.For<TenantsServices>(nameof(TenantsApi.GetTenant), "GET", ApiPaths.TenantById, anonymous: false, TenantsApi.GetTenant),
        ApiRoute.For<TenantsServices>(nameof(TenantsApi.PutTenant), "PUT", ApiPaths.TenantById, anonymous: false, TenantsApi.PutTenant),
        ApiRoute.For<TenantsServices>(nameof(TenantsApi.DeleteTenant), "DELETE", ApiPaths.TenantById, anonymous: false, TenantsApi.DeleteTenant),
        ApiRoute.For<TenantsServices>(nameof(TenantsApi.ImportTenants), "POST", ApiPaths.TenantsImport, anonymous: false, TenantsApi.ImportTenants),
        ApiRoute.For<TenantsServices>(nameof(TenantsApi.IssueTenantKey), "POST", ApiPaths.TenantKey, anonymous: false, TenantsApi.IssueTenantKey),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.CreateReclaimPlan), "POST", ApiPaths.ReclaimPlans, anonymous: false, ReclaimApi.CreateReclaimPlan),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.ListReclaimPlans), "GET", ApiPaths.ReclaimPlans, anonymous: false, ReclaimApi.ListReclaimPlans),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.GetReclaimPlan), "GET", ApiPaths.ReclaimPlanById, anonymous: false, ReclaimApi.GetReclaimPlan),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.UpdateReclaimPlan), "PATCH", ApiPaths.ReclaimPlanById, anonymous: false, ReclaimApi.UpdateReclaimPlan),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.ApproveReclaimPlan), "POST", ApiPaths.ReclaimPlanApproval, anonymous: false, ReclaimApi.ApproveReclaimPlan),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.GetReclaimPlanAudit), "GET", ApiPaths.ReclaimPlanAudit, anonymous: false, ReclaimApi.GetReclaimPlanAudit),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.ExecuteReclaimPlan), "POST", ApiPaths.ReclaimPlanExecution, anonymous: false, ReclaimApi.ExecuteReclaimPlan),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.UndoReclaimPlan), "POST", ApiPaths.ReclaimPlanUndo, anonymous: false, ReclaimApi.UndoReclaimPlan),
        ApiRoute.For<ReclaimServices>(nameof(ReclaimApi.KeepReclaimSeat), "GET", ApiPaths.ReclaimKeep, anonymous: true, ReclaimApi.KeepReclaimSeat),
        new(nameof(DashboardApi.GetDashboard), "GET", ApiPaths.Dashboard, Anonymous: true, DashboardApi.GetDashboard),
    ];

    public static ApiRoute Get(string name) =>
        All.FirstOrDefault(r => r.Name == name) ?? throw new KeyNotFoundException($"No API route named {name}.");
}
