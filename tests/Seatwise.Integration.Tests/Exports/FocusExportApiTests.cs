using System.Net;
using System.Text.Json;
using Seatwise.Core.Csv;
using Seatwise.Core.Finops;
using Seatwise.Core.Tests.Finops;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Demo;

namespace Seatwise.Integration.Tests.Exports;

/// <summary>The FOCUS export over HTTP: the demo register after a run passes the FOCUS 1.2 rules; a bad month is a problem naming it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FocusExportApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TheDemoRegistersExport_PassesTheFocusRules_WithTheRunsFiguresOnce()
    {
        var samples = await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "docs", "samples", "contracts.csv"));
        var register = DemoMode.RollForward(samples, DateOnly.FromDateTime(DateTime.UtcNow));
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 150, Seed = 5 }, register);
        await TestRuns.StartAndWaitAsync(setup.Client);
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

        using var response = await setup.Client.GetAsync(new Uri($"api/exports/focus?month={month}", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains($"seatwise-focus-{month}.csv", response.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
        var records = CsvReader.Read(new StringReader(text)).ToList();
        var header = records[0].Fields;
        var rows = records.Skip(1).Select(r => (IReadOnlyList<string?>)[.. r.Fields.Select(f => f.Length == 0 ? null : f)]).ToList();
        Assert.Equal(FocusColumns.Header, header);
        Assert.Empty(FocusRules.Check(header, rows));
        // Graph contracts were reconciled by the run: each has its figures on exactly one row of the month.
        var contract = header.ToList().IndexOf("x_ContractId");
        var entitled = header.ToList().IndexOf("x_EntitledSeats");
        var e3 = rows.Where(r => r[contract] == "m365-e3").ToList();
        Assert.NotEmpty(e3);
        Assert.Single(e3, r => r[entitled] is not null);
    }

    [Fact]
    public async Task ABadMonth_IsAProblemNamingMonth()
    {
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 20, Seed = 5 }, "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n");

        using var response = await setup.Client.GetAsync(new Uri("api/exports/focus?month=2026-13", UriKind.Relative));
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("month", problem.RootElement.GetRawText(), StringComparison.Ordinal);
    }
}
