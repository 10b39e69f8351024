using System.Net;
using System.Text.Json;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Api;

namespace Seatwise.Integration.Tests.Tenants;

/// <summary>Three tenants of one deployment run over HTTP with their own sources; one whose consent is refused fails alone; no route shows one tenant another's rows.</summary>
public sealed class TenantRunsTests(TenantsFixture tenants) : IClassFixture<TenantsFixture>
{
    private static string Describe(RunRecord run) => Infrastructure.TestRuns.Describe(run);

    [Fact]
    public void EachTenantsRun_CollectsItsOwnSources()
    {
        var home = tenants.Runs[tenants.DefaultTenant];
        Assert.True(home.Status == RunStatus.Completed, Describe(home));
        Assert.Equal(["graph", "github"], home.Sources.Select(s => s.Source));

        var fabrikam = tenants.Runs[TenantsFixture.Fabrikam];
        Assert.True(fabrikam.Status == RunStatus.Completed, Describe(fabrikam));
        Assert.Equal(["graph", "slack", "zoom"], fabrikam.Sources.Select(s => s.Source));
        Assert.Equal(TenantsFixture.Fabrikam, fabrikam.Tenant);
        // Each demo tenant has its own size: the accounts prove each run read its own tenant's Graph.
        Assert.Equal(120, fabrikam.Sources[0].Accounts);
        Assert.Equal(180, home.Sources[0].Accounts);
        Assert.All(fabrikam.Contracts, c => Assert.Equal("ok", c.Status));
    }

    [Fact]
    public void WithOneRunSlot_TheTenantsRunsTakeTurns()
    {
        var runs = tenants.Runs.Values.OrderBy(r => r.StartedAt).ToList();
        for (var i = 1; i < runs.Count; i++)
        {
            Assert.True(runs[i].StartedAt >= runs[i - 1].CompletedAt,
                $"{runs[i].Tenant} started {runs[i].StartedAt:O} before {runs[i - 1].Tenant} completed {runs[i - 1].CompletedAt:O}");
        }
    }

    [Fact]
    public void EachTenantsCard_GoesToItsOwnChannel()
    {
        Assert.Equal(AlertStatus.Sent, tenants.Runs[TenantsFixture.Fabrikam].Alerts!.Status);
        var card = Assert.Single(tenants.FabrikamDemo.State.Webhook.Received).Body.ToJsonString();
        Assert.Contains("CHF", card, StringComparison.Ordinal);
        // The default tenant and northwind have no webhook: nothing of theirs reached fabrikam's channel.
        Assert.Equal(AlertStatus.NotConfigured, tenants.Runs[tenants.DefaultTenant].Alerts!.Status);
        Assert.Equal(AlertStatus.NotConfigured, tenants.Runs[TenantsFixture.Northwind].Alerts!.Status);
    }

    [Fact]
    public void ATenantWhoseConsentIsRefused_FailsAlone_SayingWhereToConsent()
    {
        var northwind = tenants.Runs[TenantsFixture.Northwind];
        var graph = northwind.Sources.Single(s => s.Source == "graph");
        Assert.Equal("failed", graph.Status);
        Assert.Contains("Authorization_RequestDenied", graph.Error, StringComparison.Ordinal);
        Assert.Contains("/adminconsent?client_id=", graph.Error, StringComparison.Ordinal);
        // Its own GitHub still ran, and the other tenants' runs are untouched (the test above).
        Assert.Equal("ok", northwind.Sources.Single(s => s.Source == "github").Status);
        Assert.NotEqual(RunStatus.Completed, northwind.Status);
        Assert.Equal(RunStatus.Completed, tenants.Runs[TenantsFixture.Fabrikam].Status);
    }

    [Fact]
    public async Task EachTenantsPositions_AreItsOwn_ThroughItsRoutesAndKey()
    {
        using var fabrikam = tenants.ClientWithKey(tenants.Keys[TenantsFixture.Fabrikam]);
        var own = await ContractIdsAsync(fabrikam, $"api/tenants/{TenantsFixture.Fabrikam}/positions");
        Assert.Equal(["fab-e3", "fab-slack", "fab-zoom"], own);
        var home = await ContractIdsAsync(tenants.Client, "api/positions");
        Assert.Equal(["github-enterprise", "m365-e3"], home);
        var contracts = JsonDocument.Parse(await fabrikam.GetStringAsync(new Uri($"api/tenants/{TenantsFixture.Fabrikam}/contracts", UriKind.Relative)))
            .RootElement.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("id").GetString()).Order().ToList();
        Assert.Equal(["fab-e3", "fab-slack", "fab-zoom"], contracts);
        using var other = await fabrikam.GetAsync(new Uri($"api/tenants/{TenantsFixture.Fabrikam}/contracts/m365-e3", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    /// <summary>
    /// Every tenant-scoped route of the table, with northwind's key against fabrikam: 403, whatever the route and
    /// method, before any handler reads a row. With fabrikam's own key the same request is never refused for its key.
    /// </summary>
    [Fact]
    public async Task EveryScopedRoute_RefusesAnotherTenantsKey()
    {
        using var northwind = tenants.ClientWithKey(tenants.Keys[TenantsFixture.Northwind]);
        using var fabrikam = tenants.ClientWithKey(tenants.Keys[TenantsFixture.Fabrikam]);
        var problems = new List<string>();
        var routes = ApiRoutes.All.Where(r => r.TenantScoped).ToList();
        Assert.True(routes.Count >= 25, $"only {routes.Count} scoped routes");
        foreach (var route in routes)
        {
            foreach (var (client, target, expectRefused) in new[]
            {
                (northwind, TenantsFixture.Fabrikam, true),
                (northwind, tenants.DefaultTenant, true),
                (fabrikam, "no-such-tenant", true),
                (fabrikam, TenantsFixture.Fabrikam, false),
            })
            {
                var path = "api/" + route.Route.Replace("{tenant}", target, StringComparison.Ordinal)
                    .Replace("{id}", "x", StringComparison.Ordinal).Replace("{runId}", "x", StringComparison.Ordinal);
                using var request = new HttpRequestMessage(new HttpMethod(route.Method), new Uri(path, UriKind.Relative));
                if (route.Method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                }

                using var response = await client.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                // Refused for its key (a 403 about the approver key, say, is the handler's own answer, given after access).
                var refused = response.StatusCode is HttpStatusCode.Unauthorized ||
                    (response.StatusCode is HttpStatusCode.Forbidden && body.Contains("does not open tenant", StringComparison.Ordinal));
                if (refused != expectRefused)
                {
                    problems.Add($"{route.Method} {path}: {(int)response.StatusCode} {body}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task ATenantsKey_OpensNeitherTheDefaultRoutesNorTheRegistry()
    {
        using var fabrikam = tenants.ClientWithKey(tenants.Keys[TenantsFixture.Fabrikam]);
        foreach (var path in new[] { "api/contracts", "api/findings", "api/tenants", $"api/tenants/{TenantsFixture.Fabrikam}" })
        {
            using var response = await fabrikam.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{path}: {(int)response.StatusCode}");
        }

        using var anonymous = tenants.ClientWithKey(null);
        using var none = await anonymous.GetAsync(new Uri($"api/tenants/{TenantsFixture.Fabrikam}/contracts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
    }

    [Fact]
    public async Task ANewKey_ReplacesTheOldOne()
    {
        using var issued = await tenants.Client.PostAsync(new Uri($"api/tenants/{TenantsFixture.Northwind}/key", UriKind.Relative), null);
        var key = JsonDocument.Parse(await issued.Content.ReadAsStringAsync()).RootElement.GetProperty("key").GetString()!;
        using var old = tenants.ClientWithKey(tenants.Keys[TenantsFixture.Northwind]);
        using var refused = await old.GetAsync(new Uri($"api/tenants/{TenantsFixture.Northwind}/contracts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        using var current = tenants.ClientWithKey(key);
        using var allowed = await current.GetAsync(new Uri($"api/tenants/{TenantsFixture.Northwind}/contracts", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        tenants.Keys[TenantsFixture.Northwind] = key;
    }

    [Fact]
    public async Task ThePortfolio_ListsEveryTenant_AndSumsEachCurrencyApart()
    {
        var portfolio = JsonDocument.Parse(await tenants.Client.GetStringAsync(new Uri("api/portfolio", UriKind.Relative))).RootElement;
        var rows = portfolio.GetProperty("tenants").EnumerateArray().ToList();
        Assert.Equal([tenants.DefaultTenant, TenantsFixture.Fabrikam, TenantsFixture.Northwind], rows.Select(r => r.GetProperty("id").GetString()));
        var totals = portfolio.GetProperty("totals").EnumerateArray().ToDictionary(t => t.GetProperty("currency").GetString()!);
        Assert.Equal(["CHF", "EUR", "USD"], totals.Keys.Order());
        // Each currency is one tenant's here, so each total equals that tenant's own summary, kind by kind.
        foreach (var (currency, tenant, client) in new[]
        {
            ("EUR", "api/summary", tenants.Client),
            ("CHF", $"api/tenants/{TenantsFixture.Fabrikam}/summary", tenants.ClientWithKey(tenants.Keys[TenantsFixture.Fabrikam])),
        })
        {
            var own = JsonDocument.Parse(await client.GetStringAsync(new Uri(tenant, UriKind.Relative))).RootElement.GetProperty("headlines").EnumerateArray()
                .Single(h => h.GetProperty("currency").GetString() == currency);
            foreach (var kind in new[] { "annualSpend", "unusedNow", "potentialSavings", "trueUpExposure", "spendUnderReview" })
            {
                Assert.Equal(own.GetProperty(kind).GetDecimal(), totals[currency].GetProperty(kind).GetDecimal());
            }

            Assert.True(own.GetProperty("annualSpend").GetDecimal() > 0);
            Assert.Equal(1, totals[currency].GetProperty("tenants").GetInt32());
        }

        using var fabrikam = tenants.ClientWithKey(tenants.Keys[TenantsFixture.Fabrikam]);
        using var refused = await fabrikam.GetAsync(new Uri("api/portfolio", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private static async Task<List<string?>> ContractIdsAsync(HttpClient client, string path) =>
        [.. JsonDocument.Parse(await client.GetStringAsync(new Uri(path, UriKind.Relative))).RootElement.GetProperty("items").EnumerateArray()
            .Select(p => p.GetProperty("contractId").GetString()).Distinct().Order()];
}
