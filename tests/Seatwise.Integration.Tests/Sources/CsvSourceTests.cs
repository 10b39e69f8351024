using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Runs;
using Seatwise.Storage.SeatExports;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>The csv source end to end: exports in blob storage, a run over HTTP, the join with Entra.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CsvSourceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,30,33.75,EUR,monthly\n" +
        "adobe-cc,Adobe,Creative Cloud All Apps,csv,cc-all-apps,10,89.99,EUR,monthly\n";

    private DemoHost _setup = null!;

    public async Task InitializeAsync()
    {
        _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 40, Seed = 3 }, Contracts, (s, demo) =>
        {
            s.Settings["Sources:csv:Enabled"] = "true";
        });
    }

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    private Task UploadAsync(string path, string csv) =>
        _setup.Host.Services.GetRequiredService<SeatExportFiles>().UploadAsync(_setup.Tenant, path, csv, CancellationToken.None);

    [Fact]
    public async Task Export_WithBadRows_GoodRowsUsed_LeaversAndUnknownsAreOrphanedSeats()
    {
        var leaver = Enumerable.Range(0, 40).Select(i => _setup.Demo.State.User(i)!).First(u => !u.AccountEnabled);
        var active = Enumerable.Range(0, 40).Select(i => _setup.Demo.State.User(i)!).First(u => u.AccountEnabled && u.UserType != "Guest");
        await UploadAsync("adobe/cc.csv",
            "email,productKey,assignedAt,lastActiveAt,status\n" +
            $"{leaver.UserPrincipalName.ToUpperInvariant()},cc-all-apps,2025-01-01,{DateTime.UtcNow:yyyy-MM-dd},active\n" +
            $"{active.UserPrincipalName},cc-all-apps,2025-01-01,{DateTime.UtcNow:yyyy-MM-dd},active\n" +
            "contractor@elsewhere.example,cc-all-apps,2025-01-01,,active\n" +
            "broken-row,cc-all-apps,,,active\n");

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);
        var ledger = (await _setup.Host.Services.GetRequiredService<FindingRepository>().ListAllAsync(_setup.Tenant, CancellationToken.None)).Select(s => s.Entry).ToList();
        var orphaned = ledger.Where(e => e.Finding.Type == FindingTypes.OrphanedSeat).ToList();

        Assert.Equal(RunStatus.Completed, run.Status);
        var csv = run.Sources.Single(s => s.Source == "csv");
        Assert.Equal("ok", csv.Status);
        Assert.Equal(3, csv.Seats);
        Assert.Equal("adobe/cc.csv line 5: email 'broken-row' is not an email address", Assert.Single(csv.Warnings));
        Assert.Equal(2, orphaned.Count);
        var leaverFinding = orphaned.Single(e => string.Equals(e.Finding.Evidence["identityKey"], leaver.UserPrincipalName, StringComparison.OrdinalIgnoreCase));
        Assert.Equal("disabled", leaverFinding.Finding.Evidence["entraAccount"]);
        Assert.Equal(89.99m * 12, leaverFinding.Finding.AnnualCost);
        Assert.Equal("none", orphaned.Single(e => e.Finding.Evidence["identityKey"] == "contractor@elsewhere.example").Finding.Evidence["entraAccount"]);
    }

    [Fact]
    public async Task RowWithA40000CharacterEmail_IsABadRow_AndTheContractReconcilesFromTheGoodRows()
    {
        var active = Enumerable.Range(0, 40).Select(i => _setup.Demo.State.User(i)!).First(u => u.AccountEnabled && u.UserType != "Guest");
        await UploadAsync("adobe/cc.csv",
            "email,productKey,assignedAt,lastActiveAt,status\n" +
            $"{new string('x', 40_000)}@contoso.example,cc-all-apps,,,active\n" +
            $"{active.UserPrincipalName},cc-all-apps,2025-01-01,{DateTime.UtcNow:yyyy-MM-dd},active\n");

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        Assert.Equal(RunStatus.Completed, run.Status);
        var csv = run.Sources.Single(s => s.Source == "csv");
        Assert.Equal("ok", csv.Status);
        Assert.Equal("adobe/cc.csv line 2: email (40,016 characters; at most 1,024) is too long", Assert.Single(csv.Warnings));
        var adobe = run.Contracts.Single(c => c.ContractId == "adobe-cc");
        Assert.Equal("ok", adobe.Status);
        Assert.Equal(1, adobe.Assigned);
    }

    [Fact]
    public async Task AFileWithoutAValidRow_FailsTheCsvSource_GraphContractsUnaffected()
    {
        await UploadAsync("adobe/cc.csv", "email,productKey\nann@contoso.com,cc-all-apps\n");
        await TestRuns.StartAndWaitAsync(_setup.Client);
        await UploadAsync("zeplin/seats.csv", "email,productKey\nnobody,\n");

        var run = await TestRuns.StartAndWaitAsync(_setup.Client);

        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        var csv = run.Sources.Single(s => s.Source == "csv");
        Assert.Equal("failed", csv.Status);
        Assert.Contains("zeplin/seats.csv has no valid row", csv.Error, StringComparison.Ordinal);
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "m365-e3").Status);
        Assert.Equal("stale", run.Contracts.Single(c => c.ContractId == "adobe-cc").Status);
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "graph").Status);
    }
}
