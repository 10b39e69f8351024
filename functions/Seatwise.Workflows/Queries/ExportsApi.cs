using Microsoft.AspNetCore.Http;
using Seatwise.Core.Contracts;
using Seatwise.Core.Finops;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>Exports for other tools: the contract register as FOCUS 1.2 charges (docs/finops.md).</summary>
public static class ExportsApi
{
    /// <summary><c>GET /api/exports/focus?month=YYYY-MM</c>: the month's FOCUS rows as CSV (the current month when absent).</summary>
    public static async Task<IResult> GetFocusExport(ApiRequest request, QueryServices services)
    {
        var (month, error) = ApiInput.Month(request.Http.Request, "month", services.Clock.GetUtcNow());
        if (error is not null)
        {
            return error;
        }

        var (contracts, positions) = await FocusInputs.LoadAsync(request.Tenant, month, services.Contracts, services.Runs, services.Results, request.CancellationToken);
        var rows = FocusExport.ForMonth(request.Tenant, contracts, positions, month);
        return new CsvStream($"seatwise-focus-{Months.Text(month)}.csv", FocusColumns.Header, rows.Select(FocusColumns.Cells).ToAsyncEnumerable());
    }
}

/// <summary>What a month's FOCUS export reads: the register, and the positions of the month's latest completed run.</summary>
public static class FocusInputs
{
    /// <summary>
    /// The register as it is now, and the positions of the latest completed run that started in the month (none when no
    /// run of the month still has its rows: the figure columns are then null, the charges are not).
    /// </summary>
    public static async Task<(IReadOnlyList<Contract> Contracts, IReadOnlyDictionary<string, Position> Positions)> LoadAsync(
        string tenant, DateOnly month, ContractRepository contracts, RunRepository runs, ResultRepository results, CancellationToken cancellationToken)
    {
        var register = await contracts.ListAllAsync(tenant, cancellationToken);
        var start = new DateTimeOffset(month.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var run = (await runs.ListAllAsync(tenant, cancellationToken))
            .Where(r => ResultRuns.HasResults(r) && r.Contracts.Count > 0 && r.CreatedAt >= start && r.CreatedAt < start.AddMonths(1))
            .MaxBy(r => r.CreatedAt);
        var positions = run is null ? [] : await results.ListPositionsAsync(tenant, run.RunId, cancellationToken);
        return (register, positions.ToDictionary(p => p.Position.ContractId, p => p.Position, StringComparer.Ordinal));
    }
}
