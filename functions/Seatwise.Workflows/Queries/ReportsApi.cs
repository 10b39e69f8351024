using Microsoft.AspNetCore.Http;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Workflows.Queries;

/// <summary>A renewal coming up, with the position that says how many seats to renew.</summary>
public sealed record RenewalView
{
    public required string ContractId { get; init; }

    public required string Vendor { get; init; }

    public required string Name { get; init; }

    public string? Owner { get; init; }

    public required DateOnly RenewalDate { get; init; }

    public int NoticeDays { get; init; }

    public required DateOnly NoticeDate { get; init; }

    /// <summary>Negative when the notice date has passed (the renewal is still ahead).</summary>
    public int DaysToNotice { get; init; }

    public int DaysToRenewal { get; init; }

    public bool AutoRenew { get; init; }

    public required string Currency { get; init; }

    /// <summary>Null until a run has reconciled the contract.</summary>
    public int? Entitled { get; init; }

    public int? Assigned { get; init; }

    public int? RecommendedSeats { get; init; }

    public decimal? AnnualCost { get; init; }

    public decimal? AnnualWaste { get; init; }

    public decimal? PotentialSavings { get; init; }

    public decimal? Utilization { get; init; }

    public int OpenFindings { get; init; }

    public string? RunId { get; init; }
}

/// <summary>Renewal calendar and the dashboard summary: the few numbers a FinOps lead looks at first.</summary>
public static class ReportsApi
{
    private static readonly string[] ReviewTypes = [.. FindingTypes.All.Where(t => MoneyKinds.Of(t) == MoneyKinds.Review)];

    public static async Task<IResult> ListRenewals(ApiRequest request, QueryServices services)
    {
        var http = request.Http.Request;
        var (withinDays, error) = ApiInput.WholeNumber(http, "withinDays", services.Renewals.Value.CalendarDays, 0, 3650);
        if (error is not null)
        {
            return error;
        }

        var renewals = await RenewalsAsync(request, services, withinDays, await ResultRuns.LatestAsync(request, services.Runs), (await AggregatesAsync(request, services)).Open);
        var (items, next, pageError) = ApiInput.PageInMemory(http, renewals, $"renewals|{request.Tenant}|{withinDays}");
        return pageError ?? Results.Json(new { items, continuationToken = next }, ApiInput.Json);
    }

    /// <summary>
    /// <c>GET /api/portfolio</c> (operator key): every tenant's headlines from its latest run with results, and their
    /// sums per currency (each kind apart). Tenants are read a few at a time; one whose storage read fails is listed
    /// with the error, never dropped silently.
    /// </summary>
    public static async Task<IResult> GetPortfolio(ApiRequest request, QueryServices services)
    {
        var tenants = await services.Tenants.ListAsync(request.CancellationToken);
        var rows = new PortfolioRow[tenants.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, tenants.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = request.CancellationToken },
            async (i, ct) => rows[i] = await PortfolioRowAsync(tenants[i], services, ct));
        return Results.Json(new
        {
            totals = Headlines.Portfolio(rows.Select(r => r.Headlines)),
            tenants = rows,
        }, ApiInput.Json);
    }

    public sealed record PortfolioRow(string Id, string DisplayName, bool IsDefault, bool Enabled, string Currency, object? LastRun, string? ResultRunId,
        IReadOnlyList<CurrencyHeadlines> Headlines, int OpenFindings, string? Error);

    private static async Task<PortfolioRow> PortfolioRowAsync(Core.Tenants.TenantRecord tenant, QueryServices services, CancellationToken cancellationToken)
    {
        var runs = await services.Runs.ListAllAsync(tenant.Id, cancellationToken);
        var last = runs.Count > 0 ? runs[0] : null;
        var latest = runs.FirstOrDefault(ResultRuns.HasResults);
        var positions = latest is null ? [] : await services.Results.ListPositionsAsync(tenant.Id, latest.RunId, cancellationToken);
        var (open, review) = await AggregatesAsync(tenant.Id, services, cancellationToken);
        return new PortfolioRow(tenant.Id, tenant.DisplayName, tenant.IsDefault, tenant.Enabled, tenant.Currency,
            last is null ? null : new { last.RunId, last.Status, last.CreatedAt, last.CompletedAt }, latest?.RunId,
            Headlines.Compute(positions.Select(p => p.Position), review), open.Sum(t => t.Count), last?.Status == RunStatus.Failed ? last.Error : null);
    }

    public static async Task<IResult> GetSummary(ApiRequest request, QueryServices services)
    {
        var latest = await ResultRuns.LatestAsync(request, services.Runs);
        var runs = await services.Runs.ListAsync(request.Tenant, 1, null, request.CancellationToken);
        var lastRun = runs.Items.Count > 0 ? runs.Items[0] : null;
        var positions = latest is null ? [] : await services.Results.ListPositionsAsync(request.Tenant, latest.RunId, request.CancellationToken);
        var totals = Totals.ByCurrency(positions.Select(p => p.Position));
        var (open, review) = await AggregatesAsync(request, services);
        var headlines = Headlines.Compute(positions.Select(p => p.Position), review);
        var renewals = await RenewalsAsync(request, services, services.Renewals.Value.CalendarDays, latest, open);
        return Results.Json(new
        {
            runId = latest?.RunId,
            runCompletedAt = latest?.CompletedAt,
            lastRun = lastRun is null ? null : new { lastRun.RunId, lastRun.Status, lastRun.CreatedAt, lastRun.CompletedAt },
            headlines,
            totals,
            openFindings = new
            {
                count = open.Sum(t => t.Count),
                // One row per type with its kind; its money per currency inside the row, none for a type without money.
                byType = open.GroupBy(t => t.Type, StringComparer.Ordinal)
                    .OrderBy(g => MoneyKinds.All.ToList().IndexOf(MoneyKinds.Of(g.Key))).ThenByDescending(g => g.Max(t => t.AnnualCost)).ThenBy(g => g.Key, StringComparer.Ordinal)
                    .Select(g => new
                    {
                        type = g.Key,
                        moneyKind = MoneyKinds.Of(g.Key),
                        count = g.Sum(t => t.Count),
                        money = Money(g),
                        // The same per contract (tenant-wide findings have none): what a list of the type would add up
                        // to, without paging through a large ledger's findings.
                        contracts = g.Where(t => t.ContractId.Length > 0).GroupBy(t => t.ContractId, StringComparer.Ordinal).OrderBy(c => c.Key, StringComparer.Ordinal)
                            .Select(c => new { contractId = c.Key, count = c.Sum(t => t.Count), money = Money(c) }),
                    }),
            },
            nextRenewals = renewals.Take(5),
            freshness = (latest?.Sources ?? []).Select(s => new
            {
                source = s.Source,
                status = s.Status,
                collectedAt = s.SnapshotCollectedAt,
                ageHours = s.SnapshotCollectedAt is { } at ? Math.Round((services.Clock.GetUtcNow() - at).TotalHours, 1) : (double?)null,
                error = s.Error,
                // Vendor accounts with no address to join Entra ID by: shown, never counted as leavers.
                unmatched = s.Unmatched,
                // Optional parts that did not run (Graph's usage reports): the reason names what to change.
                parts = s.Parts,
            }),
        }, ApiInput.Json);
    }

    /// <summary>Money of tallies per currency, none for a currency that adds up to nothing.</summary>
    private static IEnumerable<object> Money(IEnumerable<FindingTally> tallies) =>
        tallies.GroupBy(t => t.Currency, StringComparer.Ordinal).Select(c => new { currency = c.Key, annualCost = c.Sum(t => t.AnnualCost) })
            .Where(m => m.annualCost != 0).OrderBy(m => m.currency, StringComparer.Ordinal);

    /// <summary>
    /// The run's ledger aggregates; for a ledger written before aggregates (the first summary after an upgrade,
    /// before the next run) the same figures tallied from the ledger itself.
    /// </summary>
    private static Task<FindingAggregates> AggregatesAsync(ApiRequest request, QueryServices services) =>
        AggregatesAsync(request.Tenant, services, request.CancellationToken);

    private static async Task<FindingAggregates> AggregatesAsync(string tenant, QueryServices services, CancellationToken cancellationToken) =>
        await services.Findings.GetAggregatesAsync(tenant, cancellationToken)
        ?? FindingAggregates.From((await services.Findings.ListAllAsync(tenant, cancellationToken)).Select(s => s.Entry));

    /// <param name="latest">The latest run with results, read once by the caller.</param>
    /// <param name="open">Open findings per contract, read once by the caller.</param>
    private static async Task<IReadOnlyList<RenewalView>> RenewalsAsync(ApiRequest request, QueryServices services, int withinDays, RunRecord? latest, IReadOnlyList<FindingTally> open)
    {
        var contracts = await services.Contracts.ListAllAsync(request.Tenant, request.CancellationToken);
        var upcoming = Renewals.Upcoming(contracts, services.Clock.GetUtcNow(), withinDays);
        if (upcoming.Count == 0)
        {
            return [];
        }

        var positions = latest is null ? [] : await PositionsApi.ReadAsync(request, services, latest);
        var byContract = positions.ToDictionary(p => p.ContractId, StringComparer.Ordinal);
        var openByContract = open.GroupBy(t => t.ContractId).ToDictionary(g => g.Key, g => g.Sum(t => t.Count), StringComparer.Ordinal);
        return
        [
            .. upcoming.Select(r =>
            {
                var p = byContract.GetValueOrDefault(r.Contract.Id);
                return new RenewalView
                {
                    ContractId = r.Contract.Id,
                    Vendor = r.Contract.Vendor,
                    Name = r.Contract.Name,
                    Owner = r.Contract.Owner,
                    RenewalDate = r.RenewalDate,
                    NoticeDays = r.Contract.NoticeDays,
                    NoticeDate = r.NoticeDate,
                    DaysToNotice = r.DaysToNotice,
                    DaysToRenewal = r.DaysToRenewal,
                    AutoRenew = r.Contract.AutoRenew,
                    Currency = r.Contract.Currency,
                    Entitled = p?.Entitled,
                    Assigned = p?.Assigned,
                    RecommendedSeats = p?.RecommendedSeats,
                    AnnualCost = p?.AnnualCost,
                    AnnualWaste = p?.AnnualWaste,
                    PotentialSavings = p?.PotentialSavings,
                    Utilization = p?.Utilization,
                    OpenFindings = openByContract.GetValueOrDefault(r.Contract.Id),
                    RunId = p?.RunId,
                };
            }),
        ];
    }
}
