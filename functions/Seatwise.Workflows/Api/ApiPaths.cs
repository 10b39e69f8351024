namespace Seatwise.Workflows.Api;

/// <summary>
/// Every route below <c>/api</c>, written once: the route table (<see cref="ApiRoutes"/>), the Functions app's
/// <c>[HttpTrigger(Route = ...)]</c> attributes and the OpenAPI document's test all read these.
/// </summary>
public static class ApiPaths
{
    public const string Health = "health";
    public const string OpenApi = "openapi.json";
    public const string Dashboard = "dashboard";
    public const string Contracts = "contracts";
    public const string ContractsImport = "contracts/import";
    public const string ContractById = "contracts/{id}";
    public const string ContractSeats = "contracts/{id}/seats";
    public const string Runs = "runs";
    public const string RunById = "runs/{runId}";
    public const string Positions = "positions";
    public const string Findings = "findings";
    public const string FindingById = "findings/{id}";
    public const string Renewals = "renewals";
    public const string Apps = "apps";
    public const string Summary = "summary";
    public const string FocusExport = "exports/focus";
    public const string Trends = "trends";
    public const string Tenants = "tenants";
    public const string TenantById = "tenants/{id}";
    public const string TenantKey = "tenants/{id}/key";
    public const string TenantsImport = "tenants/import";
    public const string Portfolio = "portfolio";

    /// <summary>The prefix of every tenant-scoped route: today's routes, for one tenant of the registry.</summary>
    public const string TenantScope = "tenants/{tenant}/";
    public const string ReclaimPlans = "reclaim-plans";
    public const string ReclaimPlanById = "reclaim-plans/{id}";
    public const string ReclaimPlanApproval = "reclaim-plans/{id}/approve";
    public const string ReclaimPlanAudit = "reclaim-plans/{id}/audit";
    public const string ReclaimPlanExecution = "reclaim-plans/{id}/execute";
    public const string ReclaimPlanUndo = "reclaim-plans/{id}/undo";

    /// <summary>The notice's keep link: anonymous, authorised by its signature.</summary>
    public const string ReclaimKeep = "reclaim-keep";
}
