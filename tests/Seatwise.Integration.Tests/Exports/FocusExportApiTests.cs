using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Seatwise.Core.Csv;
using Seatwise.Core.Finops;
using Seatwise.Core.Tests.Finops;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Demo;
using Seatwise.Storage.Exports;

namespace Seatwise.Integration.Tests.Exports;

/// <summary>The FOCUS export over HTTP: the demo register after a run passes the FOCUS 1.2 rules; a bad month is a problem naming it.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class FocusExportApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task TheDemoRegistersExport_PassesTheFocusRules_WithTheRunsFiguresOnce()
    {
        var register = await SampleRegisterAsync();
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
    public async Task WithAFinOpsHub_EachRunWritesItsMonth_InTheHubsLayout_ManifestLast_AndReplacesTheMonthsEarlierExport()
    {
        var register = await SampleRegisterAsync();
        await using var setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 60, Seed = 6 }, register,
            (s, _) => s.Settings["FocusHub:Enabled"] = "true");
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("ingestion");
        var now = DateTime.UtcNow;
        var folder = $"Costs/{now:yyyy}/{now:MM}/seatwise/{setup.Tenant}";

        var first = await TestRuns.StartAndWaitForAlertsAsync(setup.Client);
        var second = await TestRuns.StartAndWaitForAlertsAsync(setup.Client);

        var blobs = new List<Azure.Storage.Blobs.Models.BlobItem>();
        await foreach (var blob in container.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, folder + "/", CancellationToken.None))
        {
            blobs.Add(blob);
        }

        Assert.Equal(new[] { $"{folder}/{second.RunId}__seatwise.parquet", $"{folder}/{FocusHubWriter.Manifest}" }.Order(StringComparer.Ordinal), blobs.Select(b => b.Name).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(blobs, b => b.Name.Contains(first.RunId, StringComparison.Ordinal));
        var parquet = blobs.Single(b => b.Name.EndsWith(".parquet", StringComparison.Ordinal));
        var manifest = blobs.Single(b => b.Name.EndsWith(FocusHubWriter.Manifest, StringComparison.Ordinal));
        Assert.True(manifest.Properties.LastModified >= parquet.Properties.LastModified, "the manifest is written after the data");
        Assert.Equal(0, manifest.Properties.ContentLength);

        // The Parquet file holds the same rows as the month's CSV export.
        using var file = new MemoryStream();
        await container.GetBlobClient(parquet.Name).DownloadToAsync(file);
        file.Position = 0;
        var read = await FocusParquet.ReadAsync(file, CancellationToken.None);
        var csv = CsvReader.Read(new StringReader(await setup.Client.GetStringAsync(new Uri($"api/exports/focus?month={now:yyyy-MM}", UriKind.Relative)))).ToList();
        Assert.Equal(csv.Count - 1, read.Count);
        for (var r = 0; r < read.Count; r++)
        {
            foreach (var column in FocusColumns.All)
            {
                var cell = csv[r + 1].Fields[FocusColumns.Header.ToList().IndexOf(column.Name)];
                if (read[r][column.Name] is decimal amount)
                {
                    Assert.Equal(decimal.Parse(cell, CultureInfo.InvariantCulture), amount);
                }
                else
                {
                    Assert.Equal(cell, Text(read[r][column.Name]));
                }
            }
        }
    }

    /// <summary>The sample register with its renewal dates moved forward, as the demo seeds it.</summary>
    private static async Task<string> SampleRegisterAsync() =>
        DemoMode.RollForward(await File.ReadAllTextAsync(Path.Combine(BuildPaths.RepoRoot, "docs", "samples", "contracts.csv")), DateOnly.FromDateTime(DateTime.UtcNow));

    /// <summary>A Parquet value as the CSV writes it: instants in FOCUS format, null empty.</summary>
    private static string Text(object? value) => value switch
    {
        null => string.Empty,
        DateTime t => FocusColumns.Instant(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))),
        int i => i.ToString(CultureInfo.InvariantCulture),
        _ => value.ToString()!,
    };

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
