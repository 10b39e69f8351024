using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Queries;

/// <summary>The summary reads the run's aggregates, not the ledger; PATCH keeps them current; a ledger from before aggregates is still tallied.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SummaryAggregateTests(AzuriteFixture azurite)
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,200,33.75,EUR,monthly\n";

    private static async Task<(int Count, decimal Money)> OpenAsync(DemoHost setup)
    {
        using var summary = JsonDocument.Parse(await setup.Client.GetStringAsync(new Uri("api/summary", UriKind.Relative)));
        var open = summary.RootElement.GetProperty("openFindings");
        var money = open.GetProperty("byType").EnumerateArray().SelectMany(t => t.GetProperty("money").EnumerateArray())
            .Where(m => m.GetProperty("currency").GetString() == "EUR").Sum(m => m.GetProperty("annualCost").GetDecimal());
        return (open.GetProperty("count").GetInt32(), money);
    }

    private static async Task PatchAsync(DemoHost setup, StoredFinding target, string status)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, new Uri($"api/findings/{target.Entry.Finding.Id}", UriKind.Relative))
        {
            Content = new StringContent($$"""{"status":"{{status}}","reason":"summary aggregates test"}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("If-Match", target.ETag.ToString());
        using var response = await setup.Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Summary_ReadsTheRunsAggregates_KeptCurrentByPatch_AndFallsBackToTheLedgerWithoutThem()
    {
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 150, Seed = 9 }, Contracts);
        await TestRuns.StartAndWaitAsync(setup.Client);
        var repository = setup.Host.Services.GetRequiredService<FindingRepository>();
        var ledger = await repository.ListAllAsync(setup.Tenant, CancellationToken.None);
        var open = ledger.Where(s => s.Entry.Status == FindingStatus.Open).ToList();
        var target = open.Where(s => s.Entry.Finding.AnnualCost > 0 && s.Entry.Finding.Currency == "EUR").OrderBy(s => s.Entry.Finding.Id, StringComparer.Ordinal).First();

        Assert.NotNull(await repository.GetAggregatesAsync(setup.Tenant, CancellationToken.None));
        var afterRun = await OpenAsync(setup);
        Assert.Equal(open.Count, afterRun.Count);
        Assert.Equal(open.Where(s => s.Entry.Finding.Currency == "EUR").Sum(s => s.Entry.Finding.AnnualCost), afterRun.Money);

        // A row put into the ledger behind the run's back is not in the summary: requests read the aggregates.
        var model = open.First(s => s.Entry.Finding.Currency == "EUR").Entry;
        var stray = model with { Finding = model.Finding with { Id = new string('f', 64), AnnualCost = 1_000_000m } };
        await repository.SaveAsync(setup.Tenant, [], [stray], CancellationToken.None);
        Assert.Equal(afterRun, await OpenAsync(setup));

        // Acknowledging a finding takes it out of the open tally at once; opening it again puts it back.
        await PatchAsync(setup, target, "acknowledged");
        var acknowledged = await OpenAsync(setup);
        Assert.Equal((afterRun.Count - 1, afterRun.Money - target.Entry.Finding.AnnualCost), acknowledged);
        await PatchAsync(setup, (await repository.GetAsync(setup.Tenant, target.Entry.Finding.Id, CancellationToken.None))!, "open");
        Assert.Equal(afterRun, await OpenAsync(setup));

        // A ledger written before aggregates existed (no aggregate row): the summary tallies the ledger itself.
        var table = await setup.Host.Services.GetRequiredService<TableStore>().GetTableAsync(FindingRepository.TableName, CancellationToken.None);
        await table.DeleteEntityAsync(FindingRepository.AggregatePartition(setup.Tenant), "~complete");
        Assert.Equal((afterRun.Count + 1, afterRun.Money + 1_000_000m), await OpenAsync(setup));
    }
}
