using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Csv;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Integration.Tests.Exports;

/// <summary>
/// The monthly history: completed runs in three months (their instants set through CompleteRun, as a run of that
/// month records them) give a three-point series over HTTP that run retention does not remove; a later run of a month
/// replaces the month; months beyond Retention__TrendMonths go.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TrendsApiTests(AzuriteFixture azurite)
{
    private const string Register = "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\nm365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,200,33.75,EUR,monthly\n";

    private static Position Position(int entitled, int used) => new()
    {
        ContractId = "m365-e3", Vendor = "Microsoft", Currency = "EUR", Entitled = entitled, Counts = new SeatCounts(used, 0, 10, 0, 0),
        Unassigned = 0, OverAssigned = 0, Reclaimable = 10, RecommendedSeats = used, AnnualUnitCost = 405m, AnnualCost = entitled * 405m,
        AnnualWaste = (entitled - used) * 405m, PotentialSavings = (entitled - used) * 405m, Utilization = (decimal)used / entitled,
    };

    /// <summary>Records a completed run at <paramref name="runAt"/> whose one position is <paramref name="position"/>.</summary>
    private static async Task CompleteAsync(DemoHost setup, string runId, DateTimeOffset runAt, Position position)
    {
        await setup.Host.Services.GetRequiredService<ResultRepository>().SavePositionAsync(setup.Tenant, runId, position, ContractStatus.Ok, runId, runAt, 1, CancellationToken.None);
        await setup.Host.Services.GetRequiredService<CompleteRun>().RunAsync(new CompleteRunInput(setup.Tenant, runId, runAt,
            [new SourceOutcome { Source = SourceNames.Graph, Status = SourceStatus.Ok }], [new ContractOutcome { ContractId = "m365-e3", Status = ContractStatus.Ok }],
            [new StepOutcome { Step = RunSteps.Tenant, Status = StepStatus.Ok }, new StepOutcome { Step = RunSteps.Apps, Status = StepStatus.Ok }], null), CancellationToken.None);
    }

    private static DateTimeOffset MonthsAgo(int months)
    {
        var now = DateTime.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, 1, 2, 0, 0, TimeSpan.Zero).AddMonths(-months);
    }

    [Fact]
    public async Task ThreeMonthsOfRuns_AreAThreePointSeries_ThatRunRetentionKeeps()
    {
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 20, Seed = 3 }, Register, (s, _) => s.Settings["Retention:Runs"] = "1");
        await CompleteAsync(setup, "run-a", MonthsAgo(2), Position(200, 100));
        await CompleteAsync(setup, "run-b", MonthsAgo(1), Position(200, 150));
        await CompleteAsync(setup, "run-c", MonthsAgo(0), Position(180, 150));
        // A later run of the current month replaces its figures.
        await CompleteAsync(setup, "run-d", MonthsAgo(0).AddDays(1), Position(180, 170));

        using var trends = JsonDocument.Parse(await setup.Client.GetStringAsync(new Uri("api/trends", UriKind.Relative)));
        var items = trends.RootElement.GetProperty("items").EnumerateArray().ToList();
        var csv = CsvReader.Read(new StringReader(await setup.Client.GetStringAsync(new Uri("api/trends?format=csv&contractId=m365-e3", UriKind.Relative)))).ToList();
        using var recent = JsonDocument.Parse(await setup.Client.GetStringAsync(new Uri("api/trends?months=1", UriKind.Relative)));
        using var bad = await setup.Client.GetAsync(new Uri("api/trends?months=0", UriKind.Relative));

        Assert.Equal([MonthsAgo(2).ToString("yyyy-MM"), MonthsAgo(1).ToString("yyyy-MM"), MonthsAgo(0).ToString("yyyy-MM")],
            trends.RootElement.GetProperty("months").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal([100, 150, 170], items.Select(i => i.GetProperty("used").GetInt32()));
        Assert.Equal(["run-a", "run-b", "run-d"], items.Select(i => i.GetProperty("runId").GetString()));
        Assert.Equal(10 * 405m, items[2].GetProperty("annualWaste").GetDecimal());
        Assert.Equal("Microsoft 365 E3", items[0].GetProperty("name").GetString());
        var totals = trends.RootElement.GetProperty("totals").EnumerateArray().ToList();
        Assert.Equal(3, totals.Count);
        Assert.All(totals, t => Assert.Equal("EUR", t.GetProperty("currency").GetString()));
        Assert.Equal(4, csv.Count);
        Assert.Single(recent.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        // Run retention (Retention__Runs=1) removed the older runs' positions, not the months.
        Assert.Empty(await setup.Host.Services.GetRequiredService<ResultRepository>().ListPositionsAsync(setup.Tenant, "run-a", CancellationToken.None));
    }

    [Fact]
    public async Task MonthsBeyondTrendRetention_Go()
    {
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 20, Seed = 3 }, Register, (s, _) => s.Settings["Retention:TrendMonths"] = "2");
        await CompleteAsync(setup, "run-a", MonthsAgo(2), Position(200, 100));
        await CompleteAsync(setup, "run-b", MonthsAgo(1), Position(200, 150));
        await CompleteAsync(setup, "run-c", MonthsAgo(0), Position(180, 150));

        var points = await setup.Host.Services.GetRequiredService<TrendRepository>().ListAsync(setup.Tenant, DateOnly.MinValue, CancellationToken.None);

        Assert.Equal(["run-b", "run-c"], points.Select(p => p.RunId));
    }
}
