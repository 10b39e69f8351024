using Microsoft.AspNetCore.Http;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>One contract in one month of the monthly history.</summary>
public sealed record TrendView(
    string Month,
    string ContractId,
    string? Name,
    string Vendor,
    string Currency,
    int Entitled,
    int Assigned,
    int Used,
    int WasteSeats,
    decimal AnnualCost,
    decimal AnnualWaste,
    decimal PotentialSavings,
    decimal? Utilization,
    string RunId);

/// <summary><c>GET /api/trends</c>: utilisation, waste and spend per contract and month, and per currency and month.</summary>
public static class TrendsApi
{
    public static readonly IReadOnlyList<string> CsvHeader =
        ["month", "contractId", "name", "vendor", "currency", "entitled", "assigned", "used", "wasteSeats", "annualCost", "annualWaste", "potentialSavings", "utilization", "runId"];

    public static async Task<IResult> GetTrends(ApiRequest request, QueryServices services)
    {
        var http = request.Http.Request;
        var kept = services.Retention.Value.TrendMonths;
        var (months, monthsError) = ApiInput.WholeNumber(http, "months", kept, 1, 600);
        var (contractId, contractError) = ApiInput.Text(http, "contractId");
        if ((monthsError ?? contractError ?? ApiInput.CheckFormat(http)) is { } error)
        {
            return error;
        }

        var from = Months.Of(services.Clock.GetUtcNow()).AddMonths(1 - months);
        var points = (await services.Trends.ListAsync(request.Tenant, from, request.CancellationToken))
            .Where(p => contractId is null || p.Position.ContractId == contractId)
            .ToList();
        var names = (await services.Contracts.ListAllAsync(request.Tenant, request.CancellationToken)).ToDictionary(c => c.Id, c => c.Name, StringComparer.Ordinal);
        var items = points.Select(p => View(p, names.GetValueOrDefault(p.Position.ContractId))).ToList();
        if (ApiInput.WantsCsv(http))
        {
            return new CsvStream("trends.csv", CsvHeader, items.Select(Cells).ToAsyncEnumerable());
        }

        // Per currency and month, never across currencies; utilisation seat-weighted as in the summary.
        var totals = points.GroupBy(p => p.Month)
            .SelectMany(month => Totals.ByCurrency(month.Select(p => p.Position)).Select(t => new { month = Months.Text(month.Key), t.Currency, t.Contracts, t.Entitled, t.Assigned, t.Used, t.AnnualCost, t.AnnualWaste, t.PotentialSavings, t.Utilization }));
        return Results.Json(new { from = Months.Text(from), months = points.Select(p => Months.Text(p.Month)).Distinct(), items, totals }, ApiInput.Json);
    }

    private static TrendView View(TrendPoint point, string? name)
    {
        var p = point.Position;
        return new TrendView(Months.Text(point.Month), p.ContractId, name, p.Vendor, p.Currency, p.Entitled, p.Assigned, p.Counts.Used,
            Math.Max(0, p.Entitled - p.Counts.Used), p.AnnualCost, p.AnnualWaste, p.PotentialSavings, p.Utilization, point.RunId);
    }

    private static IEnumerable<string?> Cells(TrendView v) =>
    [
        v.Month, v.ContractId, v.Name, v.Vendor, v.Currency, CsvStream.Text(v.Entitled), CsvStream.Text(v.Assigned), CsvStream.Text(v.Used),
        CsvStream.Text(v.WasteSeats), CsvStream.Text(v.AnnualCost), CsvStream.Text(v.AnnualWaste), CsvStream.Text(v.PotentialSavings), CsvStream.Text(v.Utilization), v.RunId,
    ];
}
