using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>What the read-only query handlers (positions, seats, apps, renewals, summary) use, resolved once per request.</summary>
public sealed record QueryServices(
    RunRepository Runs,
    ResultRepository Results,
    ContractRepository Contracts,
    FindingRepository Findings,
    TrendRepository Trends,
    TimeProvider Clock,
    IOptions<RenewalSettings> Renewals,
    IOptions<RetentionSettings> Retention,
    Tenants.TenantDirectory Tenants);

/// <summary>Which run's results a query reads: <c>?runId=</c> when given, otherwise the latest run that produced results.</summary>
public static class ResultRuns
{
    public static bool HasResults(RunRecord run) => run.Status is RunStatus.Completed or RunStatus.CompletedWithErrors;

    public static async Task<(RunRecord? Run, IResult? Error)> ResolveAsync(ApiRequest request, RunRepository runs)
    {
        var (runId, error) = ApiInput.Text(request.Http.Request, "runId");
        if (error is not null)
        {
            return (null, error);
        }

        if (runId is not null)
        {
            var run = await runs.GetAsync(request.Tenant, runId, request.CancellationToken);
            if (run is null)
            {
                return (null, Problems.NotFound($"There is no run '{runId}'."));
            }

            return HasResults(run)
                ? (run, null)
                : (null, Problems.Conflict($"Run '{runId}' is {run.Status}; only completed runs have results.", new Dictionary<string, object?> { ["runId"] = runId, ["status"] = run.Status }));
        }

        var latest = await LatestAsync(request, runs);
        return latest is null
            ? (null, Problems.NotFound("No run has completed yet; start one with POST /api/runs and poll GET /api/runs/{runId}."))
            : (latest, null);
    }

    public static async Task<RunRecord?> LatestAsync(ApiRequest request, RunRepository runs)
    {
        var all = await runs.ListAllAsync(request.Tenant, request.CancellationToken);
        return all.FirstOrDefault(HasResults);
    }
}
