using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Runs;

/// <summary>
/// End to end through the local host: contracts imported over HTTP, POST /api/runs, the orchestration on the
/// Durable Task Azure Storage backend over Azurite, the Graph source against the demo tenant over HTTP.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunPipelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const decimal E3Monthly = 33.75m;
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod,renewalDate,noticeDays\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,30,33.75,EUR,monthly,,\n" +
        "m365-e5,Microsoft,Microsoft 365 E5,graph,SPE_E5,,54.75,EUR,monthly,,\n" +
        "slack,Slack,Slack Business+,slack,business_plus,10,12.50,EUR,annual,,\n";

    private DemoHost _setup = null!;
    private DemoTenantServer _demo = null!;
    private LocalHost _host = null!;
    private HttpClient _client = null!;
    private string _tenant = null!;

    public async Task InitializeAsync()
    {
        _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 40, Seed = 3 }, Contracts, (s, demo) =>
        {
            s.Settings["Graph:MaxRetries"] = "1";
            s.Settings["Graph:RetryDelaySeconds"] = "1";
        });
        (_demo, _host, _client, _tenant) = (_setup.Demo, _setup.Host, _setup.Client, _setup.Tenant);
    }

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    private Task<RunRecord> RunAsync() => TestRuns.StartAndWaitAsync(_client);

    /// <summary>The rule of DESIGN.md section 6 applied by hand to the demo tenant's generated users.</summary>
    private (int Active, int New, int Inactive, int Disabled, List<DemoUser> InactiveUsers) Expected(string sku, DateTimeOffset t)
    {
        int active = 0, @new = 0, inactive = 0, disabled = 0;
        var inactiveUsers = new List<DemoUser>();
        for (var i = 0; i < 40; i++)
        {
            var u = _demo.State.User(i)!;
            if (!u.Licenses.Any(l => l.SkuPartNumber == sku))
            {
                continue;
            }

            var last = u.LastSuccessfulSignInDateTime ?? Max(u.LastSignInDateTime, u.LastNonInteractiveSignInDateTime);
            if (!u.AccountEnabled)
            {
                disabled++;
            }
            else if (u.CreatedDateTime >= t.AddDays(-30))
            {
                @new++;
            }
            else if (last is null || last < t.AddDays(-90))
            {
                inactive++;
                inactiveUsers.Add(u);
            }
            else
            {
                active++;
            }
        }

        return (active, @new, inactive, disabled, inactiveUsers);
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : (a > b ? a : b);

    [Fact]
    public async Task Run_ReconcilesContractsAgainstDemoTenant_PositionsMatchHandComputation()
    {
        var run = await RunAsync();
        var results = _host.Services.GetRequiredService<ResultRepository>();
        var positions = (await results.ListPositionsAsync(_tenant, run.RunId, CancellationToken.None)).ToDictionary(p => p.Position.ContractId);
        var e3 = positions["m365-e3"].Position;
        var (active, @new, inactive, disabled, _) = Expected("SPE_E3", run.StartedAt!.Value);
        var seatLines = new List<SeatEntity>();
        await foreach (var line in results.ReadSeatsAsync(_tenant, run.RunId, "m365-e3", null, CancellationToken.None))
        {
            seatLines.Add(line);
        }

        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("ok", Assert.Single(run.Sources).Status);
        Assert.Equal((active, @new, inactive, disabled), (e3.Counts.Active, e3.Counts.New, e3.Counts.Inactive, e3.Counts.Disabled));
        Assert.Equal(30, e3.Entitled);
        // annualWaste = (unassigned + inactive + disabled) × 33.75 × 12
        Assert.Equal((Math.Max(0, 30 - e3.Assigned) + inactive + disabled) * E3Monthly * 12, e3.AnnualWaste);
        Assert.Equal(e3.Assigned, seatLines.Count);
        Assert.Equal(inactive, seatLines.Count(l => l.Status == "inactive"));
        // E5 leaves seats empty: entitled comes from the SKU's prepaid units.
        Assert.Equal(_demo.State.EnabledUnits(DemoSkus.E5), positions["m365-e5"].Position.Entitled);
        // No Slack source is configured: the contract is skipped with a reason, not failed.
        Assert.Equal("skipped", run.Contracts.Single(c => c.ContractId == "slack").Status);
        Assert.Equal("source 'slack' is not enabled (Sources__slack__Enabled=true turns it on)", run.Contracts.Single(c => c.ContractId == "slack").Reason);
        var findings = await _host.Services.GetRequiredService<FindingRepository>().ListAllAsync(_tenant, CancellationToken.None);
        Assert.Equal(inactive, findings.Count(f => f.Entry.Finding.Type == FindingTypes.InactiveSeat && f.Entry.Finding.ContractId == "m365-e3"));
    }

    [Fact]
    public async Task SecondRun_AfterTenantChanges_ResolvesExactlyThoseFindingsAndKeepsFirstSeen()
    {
        var first = await RunAsync();
        var ledger = _host.Services.GetRequiredService<FindingRepository>();
        var before = (await ledger.ListAllAsync(_tenant, CancellationToken.None)).Select(f => f.Entry).ToDictionary(f => f.Finding.Id);
        var (_, _, _, _, inactiveUsers) = Expected("SPE_E3", first.StartedAt!.Value);
        var wakes = inactiveUsers[0];
        var leaver = Enumerable.Range(0, 40).Select(i => _demo.State.User(i)!)
            .First(u => u.Licenses.Contains(DemoSkus.E3) && u.Index != wakes.Index && (!u.AccountEnabled || inactiveUsers.Contains(u)));
        _demo.State.Change(wakes.Index, u => u with { LastSuccessfulSignInDateTime = DateTimeOffset.UtcNow.AddMinutes(-5) });
        _demo.State.Change(leaver.Index, u => u with { Licenses = [.. u.Licenses.Where(l => l != DemoSkus.E3)] });

        var second = await RunAsync();
        var after = (await ledger.ListAllAsync(_tenant, CancellationToken.None)).Select(f => f.Entry).ToDictionary(f => f.Finding.Id);
        var resolved = after.Values.Where(f => f.Status == FindingStatus.Resolved).Select(f => f.Finding.SubjectKey).Order().ToList();

        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(new[] { Key(wakes), Key(leaver) }.Order(), resolved);
        Assert.All(after.Values.Where(f => f.Status != FindingStatus.Resolved && before.ContainsKey(f.Finding.Id)),
            f => Assert.Equal(before[f.Finding.Id].FirstSeenAt, f.FirstSeenAt));
        Assert.Equal(2, second.Totals!.FindingsResolved);

        static string Key(DemoUser u) => $"{u.UserPrincipalName.ToLowerInvariant()}|SPE_E3";
    }

    [Fact]
    public async Task GraphFailing_RunCompletesWithErrors_StalePositions_AndResolvesNothing()
    {
        var first = await RunAsync();
        var ledger = _host.Services.GetRequiredService<FindingRepository>();
        var openBefore = (await ledger.ListAllAsync(_tenant, CancellationToken.None)).Count(f => f.Entry.Status == FindingStatus.Open);
        _demo.State.Faults.ServiceUnavailable = true;

        var second = await RunAsync();
        var entries = await ledger.ListAllAsync(_tenant, CancellationToken.None);
        var positions = await _host.Services.GetRequiredService<ResultRepository>().ListPositionsAsync(_tenant, second.RunId, CancellationToken.None);

        Assert.Equal(RunStatus.CompletedWithErrors, second.Status);
        var graph = Assert.Single(second.Sources);
        Assert.Equal("failed", graph.Status);
        Assert.Contains("503", graph.Error, StringComparison.Ordinal);
        Assert.Equal(first.RunId, graph.SnapshotRunId);
        Assert.All(positions, p => Assert.Equal("stale", p.Status));
        Assert.Equal(0, second.Totals!.FindingsResolved);
        Assert.Equal(openBefore, entries.Count(f => f.Entry.Status == FindingStatus.Open));
    }

    [Fact]
    public async Task ConcurrentStarts_OneAcceptedOneConflict()
    {
        _demo.State.Faults.DelayMilliseconds = 300;

        var responses = await Task.WhenAll(
            _client.PostAsync(new Uri("api/runs", UriKind.Relative), null),
            _client.PostAsync(new Uri("api/runs", UriKind.Relative), null));
        var codes = responses.Select(r => r.StatusCode).Order().ToList();
        var accepted = responses.Single(r => r.StatusCode == HttpStatusCode.Accepted);
        var conflict = JsonDocument.Parse(await responses.Single(r => r.StatusCode == HttpStatusCode.Conflict).Content.ReadAsStringAsync()).RootElement;
        var runId = JsonDocument.Parse(await accepted.Content.ReadAsStringAsync()).RootElement.GetProperty("runId").GetString()!;

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], codes);
        Assert.Equal(runId, conflict.GetProperty("runId").GetString());
        _demo.State.Faults.DelayMilliseconds = 0;
        Assert.True(RunStatus.IsFinished((await TestRuns.WaitAsync(_client, runId)).Status));
        foreach (var response in responses)
        {
            response.Dispose();
        }
    }
}
