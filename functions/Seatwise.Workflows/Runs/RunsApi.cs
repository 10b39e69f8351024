using Microsoft.AspNetCore.Http;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;
using Seatwise.Workflows.Api;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Tenants;

namespace Seatwise.Workflows.Runs;

/// <summary>What the runs handlers use, resolved once per request by the route table.</summary>
public sealed record RunsServices(RunStarter Starter, RunRepository Runs, TenantDirectory Directory);

/// <summary>Starting and reading runs.</summary>
public static class RunsApi
{
    public static async Task<IResult> StartRun(ApiRequest request, RunsServices services)
    {
        var port = request.Port;
        // ?tenant= on the operator's route starts another tenant's run; a scoped route's tenant comes from its path.
        var named = request.Http.Request.Query["tenant"].FirstOrDefault();
        if (named is not null && request.Route(TenantAccess.RouteValue) is not null && named != request.Tenant)
        {
            return Problems.BadParameter("tenant", $"names '{named}' but the route is tenant '{request.Tenant}''s; leave it out.");
        }

        var tenantId = named ?? request.Tenant;
        if (Core.Tenants.TenantValidator.IdProblem(tenantId) is not null || await services.Directory.FindAsync(tenantId, request.CancellationToken) is not { } tenant)
        {
            return Problems.BadParameter("tenant", $"'{tenantId}' is not a tenant of this deployment; GET /api/tenants lists them.");
        }

        if (!tenant.Enabled)
        {
            return Problems.Conflict($"Tenant '{tenant.Id}' is disabled; enable it in the registry (PUT /api/tenants/{tenant.Id}) to run it.");
        }

        var result = await services.Starter.StartAsync(port, RunTriggers.Api, tenant, request.CancellationToken);
        var pathBase = named is not null && request.Route(TenantAccess.RouteValue) is null && !services.Directory.IsDefault(tenant.Id) ? $"/api/tenants/{tenant.Id}" : request.PathBase;
        if (!result.Started)
        {
            return Problems.Conflict($"Run {result.RunId} is still running; wait for it to finish.",
                new Dictionary<string, object?> { ["runId"] = result.RunId, ["statusUrl"] = $"{pathBase}/runs/{result.RunId}" });
        }

        var url = $"{pathBase}/runs/{result.RunId}";
        request.Http.Response.Headers.Location = url;
        return Results.Json(new { runId = result.RunId, status = RunStatus.Pending, statusUrl = url }, ApiInput.Json, statusCode: StatusCodes.Status202Accepted);
    }

    public static async Task<IResult> ListRuns(ApiRequest request, RunsServices services)
    {
        var (top, error) = ApiInput.Top(request.Http.Request);
        if (error is not null)
        {
            return error;
        }

        var tenant = request.Tenant;
        var scope = $"runs|{tenant}";
        var (token, tokenError) = ApiInput.ContinuationToken(request.Http.Request, scope);
        if (tokenError is not null)
        {
            return tokenError;
        }

        var (items, next) = await services.Runs.ListAsync(tenant, top, token, request.CancellationToken);
        return Results.Json(new { items, continuationToken = ContinuationTokens.Wrap(scope, next) }, ApiInput.Json);
    }

    public static async Task<IResult> GetRun(ApiRequest request, RunsServices services)
    {
        var runId = request.Route("runId") ?? string.Empty;
        var run = await services.Runs.GetAsync(request.Tenant, runId, request.CancellationToken);
        if (run is null)
        {
            return Problems.NotFound($"There is no run '{runId}'.");
        }

        if (!RunStatus.IsFinished(run.Status) && await request.Port.GetAsync(runId, request.CancellationToken) is { } state)
        {
            // The orchestration ended without recording its end (it failed even to record the failure).
            if (state.State is OrchestrationState.Failed or OrchestrationState.Terminated)
            {
                run = run with { Status = RunStatus.Failed, Error = state.FailureMessage ?? "the orchestration ended unexpectedly" };
            }
            else if (state.State == OrchestrationState.Running && run.Status == RunStatus.Pending)
            {
                run = run with { Status = RunStatus.Running };
            }
        }

        return Results.Json(run, ApiInput.Json);
    }

}
