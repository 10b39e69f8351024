using System.Net;
using System.Text;
using System.Text.Json;
using Seatwise.Core.Csv;
using Seatwise.Workflows.Api;

namespace Seatwise.Integration.Tests.Queries;

/// <summary>The query API over HTTP against a local host seeded by a real run on a 600-user demo tenant.</summary>
public sealed class QueryApiTests(SeededHostFixture seeded) : IClassFixture<SeededHostFixture>
{
    private HttpClient Client => seeded.Client;

    private async Task<JsonElement> GetJsonAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private static List<JsonElement> Items(JsonElement page) => [.. page.GetProperty("items").EnumerateArray()];

    [Fact]
    public async Task Positions_LatestRun_MatchRunTotals_AndFilter()
    {
        var all = Items(await GetJsonAsync("api/positions"));
        var e3 = Items(await GetJsonAsync("api/positions?contractId=m365-e3"));
        var microsoft = Items(await GetJsonAsync("api/positions?vendor=microsoft"));
        var byRun = Items(await GetJsonAsync($"api/positions?runId={seeded.Run.RunId}"));

        Assert.Equal(6, all.Count);
        Assert.All(all, p => Assert.Equal(seeded.Run.RunId, p.GetProperty("runId").GetString()));
        Assert.Equal(seeded.Run.Totals!.AnnualCost["EUR"], all.Where(p => p.GetProperty("currency").GetString() == "EUR").Sum(p => p.GetProperty("annualCost").GetDecimal()));
        var line = Assert.Single(e3);
        Assert.Equal("Microsoft 365 E3", line.GetProperty("name").GetString());
        Assert.Equal(400, line.GetProperty("entitled").GetInt32());
        Assert.Equal(
            line.GetProperty("assigned").GetInt32(),
            new[] { "active", "new", "inactive", "disabled", "unknown" }.Sum(s => line.GetProperty(s).GetInt32()));
        Assert.Equal(6, microsoft.Count);
        Assert.Equal(6, byRun.Count);
    }

    [Fact]
    public async Task Seats_JsonPages_EqualTheCsvEvidence_ParsedBack()
    {
        var position = Items(await GetJsonAsync("api/positions?contractId=m365-e3"))[0];
        var fromJson = new List<JsonElement>();
        string? token = null;
        do
        {
            var page = await GetJsonAsync("api/contracts/m365-e3/seats?top=50" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
            fromJson.AddRange(Items(page));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        using var csv = await Client.GetAsync(new Uri("api/contracts/m365-e3/seats?format=csv", UriKind.Relative));
        var rows = CsvReader.Read(new StringReader(await csv.Content.ReadAsStringAsync())).ToList();
        var header = rows[0].Fields.ToList();
        var inactive = Items(await GetJsonAsync("api/contracts/m365-e3/seats?status=inactive&top=1000"));

        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        Assert.Equal(position.GetProperty("assigned").GetInt32(), fromJson.Count);
        Assert.Equal(fromJson.Count, fromJson.Select(s => s.GetProperty("identityKey").GetString()).Distinct().Count());
        Assert.Equal(fromJson.Count, rows.Count - 1);
        Assert.Equal(
            fromJson.Select(s => s.GetProperty("identityKey").GetString()).Order(StringComparer.Ordinal),
            rows.Skip(1).Select(r => r.Fields[header.IndexOf("identityKey")]).Order(StringComparer.Ordinal));
        Assert.Equal(position.GetProperty("inactive").GetInt32(), inactive.Count);
        Assert.All(inactive, s => Assert.Equal("inactive", s.GetProperty("status").GetString()));
        Assert.Equal(inactive.Count, rows.Skip(1).Count(r => r.Fields[header.IndexOf("status")] == "inactive"));
    }

    [Fact]
    public async Task Findings_PagedAt100_AllOnceAndSortedByAnnualCostDescending()
    {
        var pages = new List<List<JsonElement>>();
        string? token = null;
        do
        {
            var page = await GetJsonAsync("api/findings?top=100" + (token is null ? string.Empty : "&continuationToken=" + Uri.EscapeDataString(token)));
            pages.Add(Items(page));
            token = page.GetProperty("continuationToken").GetString();
        }
        while (token is not null);

        var all = pages.SelectMany(p => p).ToList();
        var ids = all.Select(f => f.GetProperty("id").GetString()).ToList();
        var oneBig = Items(await GetJsonAsync("api/findings?top=1000"));
        var costs = all.Select(f => f.GetProperty("annualCost").GetDecimal()).ToList();

        Assert.True(all.Count >= 250, $"the seeded tenant should have at least 250 open findings, has {all.Count}");
        Assert.All(pages.SkipLast(1), p => Assert.Equal(100, p.Count));
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.Equal(oneBig.Select(f => f.GetProperty("id").GetString()), ids);
        Assert.Equal(costs.OrderByDescending(c => c), costs);
        Assert.All(all, f => Assert.Equal("open", f.GetProperty("status").GetString()));
    }

    [Fact]
    public async Task Findings_Filters_TypeContractAndMinimumCost()
    {
        var inactive = Items(await GetJsonAsync("api/findings?type=inactive-seat&contractId=m365-e3&top=1000"));
        var position = Items(await GetJsonAsync("api/positions?contractId=m365-e3"))[0];
        var expensive = Items(await GetJsonAsync("api/findings?minAnnualCost=500&top=1000"));
        var everything = Items(await GetJsonAsync("api/findings?status=all&top=1000"));

        Assert.Equal(position.GetProperty("inactive").GetInt32(), inactive.Count);
        Assert.All(inactive, f => Assert.Equal(33.75m, f.GetProperty("annualCost").GetDecimal()));
        Assert.NotEmpty(expensive);
        Assert.All(expensive, f => Assert.True(f.GetProperty("annualCost").GetDecimal() >= 500m));
        Assert.True(everything.Count >= expensive.Count);
    }

    [Fact]
    public async Task FindingsCsv_StreamsEveryOpenFinding_InTheJsonOrder()
    {
        var json = Items(await GetJsonAsync("api/findings?top=1000"));
        using var csv = await Client.GetAsync(new Uri("api/findings?format=csv", UriKind.Relative));
        var rows = CsvReader.Read(new StringReader(await csv.Content.ReadAsStringAsync())).ToList();

        Assert.Equal(FindingsCsvHeader, rows[0].Fields);
        Assert.Equal(json.Select(f => f.GetProperty("id").GetString()), rows.Skip(1).Select(r => r.Fields[0]));
        Assert.Contains("attachment", csv.Content.Headers.ContentDisposition?.ToString(), StringComparison.Ordinal);
    }

    private static readonly string[] FindingsCsvHeader =
        ["id", "type", "status", "contractId", "subject", "productKey", "annualCost", "currency", "moneyKind", "firstSeenAt", "lastSeenAt", "statusReason", "snoozedUntil", "evidence"];

    [Fact]
    public async Task Patch_SnoozeWithETag_LeavesTheOpenList_StaleETagIs412_NoIfMatchIs428()
    {
        var target = Items(await GetJsonAsync("api/findings?type=disabled-seat&top=1"))[0];
        var id = target.GetProperty("id").GetString()!;
        var etag = target.GetProperty("etag").GetString()!;
        const string Body = "{\"status\":\"snoozed\",\"snoozedUntil\":\"2031-01-01T00:00:00Z\",\"reason\":\"leaver, licence reclaimed at month end\"}";

        using var noIfMatch = await SendPatchAsync(id, Body, null);
        using var snoozed = await SendPatchAsync(id, Body, etag);
        var snoozedBody = await snoozed.Content.ReadAsStringAsync();
        Assert.True(snoozed.StatusCode == HttpStatusCode.OK, snoozedBody);
        var afterSnooze = JsonDocument.Parse(snoozedBody).RootElement;
        using var stale = await SendPatchAsync(id, "{\"status\":\"acknowledged\"}", etag);
        var openIds = Items(await GetJsonAsync("api/findings?type=disabled-seat&top=1000")).Select(f => f.GetProperty("id").GetString());
        var snoozedIds = Items(await GetJsonAsync("api/findings?status=snoozed&top=1000")).Select(f => f.GetProperty("id").GetString());
        var single = await GetJsonAsync($"api/findings/{id}");

        Assert.Equal((HttpStatusCode)428, noIfMatch.StatusCode);
        Assert.Equal("snoozed", afterSnooze.GetProperty("status").GetString());
        Assert.NotEqual(etag, snoozed.Headers.ETag?.Tag);
        Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
        Assert.Equal("application/problem+json", stale.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain(id, openIds);
        Assert.Contains(id, snoozedIds);
        Assert.Equal("leaver, licence reclaimed at month end", single.GetProperty("statusReason").GetString());
    }

    [Fact]
    public async Task Patch_InvalidChanges_Are422NamingTheField()
    {
        var id = Items(await GetJsonAsync("api/findings?type=inactive-seat&top=1"))[0].GetProperty("id").GetString()!;

        using var badStatus = await SendPatchAsync(id, "{\"status\":\"resolved\"}", "*");
        using var pastSnooze = await SendPatchAsync(id, "{\"status\":\"snoozed\",\"snoozedUntil\":\"2001-01-01T00:00:00Z\"}", "*");
        using var unknown = await SendPatchAsync("0123456789abcdef0123456789abcdef", "{\"status\":\"open\"}", "*");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badStatus.StatusCode);
        Assert.Contains("\"status\"", await badStatus.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, pastSnooze.StatusCode);
        Assert.Contains("\"snoozedUntil\"", await pastSnooze.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    private async Task<HttpResponseMessage> SendPatchAsync(string id, string body, string? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Patch, $"api/findings/{id}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task Renewals_ListTheContractInItsNoticeWindow_WithPositionAndOpenFindings()
    {
        var renewals = Items(await GetJsonAsync("api/renewals"));
        var none = Items(await GetJsonAsync("api/renewals?withinDays=5"));
        var e3 = Assert.Single(renewals);
        var openForE3 = Items(await GetJsonAsync("api/findings?contractId=m365-e3&top=1000")).Count;

        Assert.Equal(SeededHostFixture.RenewingContractId, e3.GetProperty("contractId").GetString());
        // Computed from today, not assumed: the suite may cross midnight UTC between seeding and asking.
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(SeededHostFixture.RenewalDate.AddDays(-30).DayNumber - today.DayNumber, e3.GetProperty("daysToNotice").GetInt32());
        Assert.Equal(SeededHostFixture.RenewalDate.DayNumber - today.DayNumber, e3.GetProperty("daysToRenewal").GetInt32());
        Assert.Equal(400, e3.GetProperty("entitled").GetInt32());
        Assert.Equal(openForE3, e3.GetProperty("openFindings").GetInt32());
        Assert.Empty(none);
    }

    [Fact]
    public async Task FindingAboutNoContract_HasNoContractId_InJsonAndAnEmptyCellInCsv()
    {
        var uncontracted = Items(await GetJsonAsync("api/findings?type=uncontracted-product&top=100"));
        using var csv = await Client.GetAsync(new Uri("api/findings?type=uncontracted-product&format=csv", UriKind.Relative));
        var lines = (await csv.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = lines[0].TrimEnd('\r').Split(',');

        Assert.NotEmpty(uncontracted);
        Assert.All(uncontracted, f => Assert.True(!f.TryGetProperty("contractId", out var id) || id.ValueKind == JsonValueKind.Null, f.ToString()));
        Assert.All(uncontracted, f => Assert.Equal("exposure", f.GetProperty("moneyKind").GetString()));
        Assert.Equal("moneyKind", header[8]);
        Assert.All(lines.Skip(1), line => Assert.Equal(string.Empty, line.Split(',')[3]));
    }

    [Fact]
    public async Task Summary_TotalsEqualThePositions_AndOpenFindingsAddUp()
    {
        var summary = await GetJsonAsync("api/summary");
        var positions = Items(await GetJsonAsync("api/positions"));
        var open = Items(await GetJsonAsync("api/findings?top=1000"));
        var eur = summary.GetProperty("totals").EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "EUR");
        var eurPositions = positions.Where(p => p.GetProperty("currency").GetString() == "EUR").ToList();

        Assert.Equal(seeded.Run.RunId, summary.GetProperty("runId").GetString());
        Assert.Equal(eurPositions.Sum(p => p.GetProperty("annualWaste").GetDecimal()), eur.GetProperty("annualWaste").GetDecimal());
        Assert.Equal(eurPositions.Sum(p => p.GetProperty("potentialSavings").GetDecimal()), eur.GetProperty("potentialSavings").GetDecimal());
        Assert.Equal(open.Count, summary.GetProperty("openFindings").GetProperty("count").GetInt32());
        var byType = summary.GetProperty("openFindings").GetProperty("byType").EnumerateArray().ToList();
        Assert.Equal(open.Count, byType.Sum(t => t.GetProperty("count").GetInt32()));
        // One row per type, with its kind; no row shows money of a kind or currency it does not have.
        Assert.Equal(byType.Count, byType.Select(t => t.GetProperty("type").GetString()).Distinct().Count());
        Assert.All(byType, t => Assert.Equal(Seatwise.Core.Money.MoneyKinds.Of(t.GetProperty("type").GetString()!), t.GetProperty("moneyKind").GetString()));
        Assert.All(byType.SelectMany(t => t.GetProperty("money").EnumerateArray()), m => Assert.NotEqual(0m, m.GetProperty("annualCost").GetDecimal()));
        // Each type's contracts: the open findings of that type and contract, counted and priced per currency.
        foreach (var type in byType)
        {
            var ofType = open.Where(f => f.GetProperty("type").GetString() == type.GetProperty("type").GetString() && f.TryGetProperty("contractId", out var c) && c.ValueKind == JsonValueKind.String).ToList();
            var expected = ofType.GroupBy(f => f.GetProperty("contractId").GetString()!).OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Key}:{g.Count()}:{string.Join("/", g.GroupBy(f => f.GetProperty("currency").GetString()).OrderBy(c => c.Key, StringComparer.Ordinal).Where(c => c.Sum(f => f.GetProperty("annualCost").GetDecimal()) != 0).Select(c => $"{c.Key}{Amount(c.Sum(f => f.GetProperty("annualCost").GetDecimal()))}"))}");
            var actual = type.GetProperty("contracts").EnumerateArray()
                .Select(c => $"{c.GetProperty("contractId").GetString()}:{c.GetProperty("count").GetInt32()}:{string.Join("/", c.GetProperty("money").EnumerateArray().Select(m => $"{m.GetProperty("currency").GetString()}{Amount(m.GetProperty("annualCost").GetDecimal())}"))}");
            Assert.Equal(expected, actual);
        }

        Assert.Contains(byType, t => t.GetProperty("contracts").GetArrayLength() > 0);

        // The same amount whatever its scale (1991.25 and 1991.2500).
        static string Amount(decimal value) => value.ToString("0.############", System.Globalization.CultureInfo.InvariantCulture);
        var headline = summary.GetProperty("headlines").EnumerateArray().Single(h => h.GetProperty("currency").GetString() == "EUR");
        Assert.Equal(eur.GetProperty("annualCost").GetDecimal(), headline.GetProperty("annualSpend").GetDecimal());
        Assert.Equal(eur.GetProperty("annualWaste").GetDecimal(), headline.GetProperty("unusedNow").GetDecimal());
        Assert.Equal(eurPositions.Sum(p => p.GetProperty("trueUpExposure").GetDecimal()), headline.GetProperty("trueUpExposure").GetDecimal());
        Assert.Equal("graph", summary.GetProperty("freshness")[0].GetProperty("source").GetString());
        Assert.Single(summary.GetProperty("nextRenewals").EnumerateArray());
    }

    [Fact]
    public async Task Apps_InventoryWithCategoryAndCoverage_Paged()
    {
        var first = await GetJsonAsync("api/apps?top=10");
        var all = Items(await GetJsonAsync("api/apps?top=1000"));

        Assert.Equal(10, Items(first).Count);
        Assert.NotNull(first.GetProperty("continuationToken").GetString());
        Assert.Equal(seeded.Demo.State.Generator.Apps.Count(a => a.Tags.Contains("WindowsAzureActiveDirectoryIntegratedApp")), all.Count);
        Assert.Contains(all, a => a.GetProperty("category").GetString() is not null);
        var category = all.First(a => a.GetProperty("category").GetString() is not null).GetProperty("category").GetString()!;
        Assert.All(Items(await GetJsonAsync($"api/apps?category={Uri.EscapeDataString(category)}&top=1000")), a => Assert.Equal(category, a.GetProperty("category").GetString()));
    }

    [Theory]
    [InlineData("api/findings?top=0", "top")]
    [InlineData("api/findings?top=1001", "top")]
    [InlineData("api/findings?top=ten", "top")]
    [InlineData("api/findings?type=expensive", "type")]
    [InlineData("api/findings?status=closed", "status")]
    [InlineData("api/findings?minAnnualCost=-5", "minAnnualCost")]
    [InlineData("api/findings?continuationToken=eyJTIjoiZmluZGluZ3MiLCJUIjoiJyBvciAxIGVxIDEifQ", "continuationToken")]
    [InlineData("api/positions?continuationToken=garbage", "continuationToken")]
    [InlineData("api/contracts/m365-e3/seats?status=sleeping", "status")]
    [InlineData("api/contracts/m365-e3/seats?continuationToken=%22%22", "continuationToken")]
    [InlineData("api/renewals?withinDays=-1", "withinDays")]
    [InlineData("api/apps?top=5000", "top")]
    public async Task BadQueryValues_Are400ProblemsNamingTheParameter(string url, string parameter)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task UnknownQueryParameters_AreIgnored()
    {
        var plain = Items(await GetJsonAsync("api/findings?top=5"));
        var extra = Items(await GetJsonAsync("api/findings?top=5&sort=cheap&foo=bar"));

        Assert.Equal(plain.Select(f => f.GetProperty("id").GetString()), extra.Select(f => f.GetProperty("id").GetString()));
    }

    [Theory]
    [InlineData("contractId", "m365-e3' or PartitionKey ne 'x")]
    [InlineData("contractId", "' or ''eq'")]
    [InlineData("type", "inactive-seat' or Type ne '")]
    public async Task FilterInjection_MatchesNothing_NeverWidensTheQuery(string parameter, string value)
    {
        using var response = await Client.GetAsync(new Uri($"api/findings?{parameter}={Uri.EscapeDataString(value)}&top=1000", UriKind.Relative));
        var body = await response.Content.ReadAsStringAsync();

        if (response.StatusCode == HttpStatusCode.OK)
        {
            Assert.Empty(Items(JsonDocument.Parse(body).RootElement));
        }
        else
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        }

        var positions = Items(await GetJsonAsync($"api/positions?contractId={Uri.EscapeDataString(value)}"));
        Assert.Empty(positions);
    }

    [Fact]
    public async Task EveryRouteButHealthAndDocument_RequiresTheKey()
    {
        using var anonymous = new HttpClient { BaseAddress = seeded.Host.BaseAddress };
        foreach (var route in ApiRoutes.All)
        {
            using var request = new HttpRequestMessage(new HttpMethod(route.Method), "api/" + route.Route.Replace("{id}", "m365-e3", StringComparison.Ordinal).Replace("{runId}", seeded.Run.RunId, StringComparison.Ordinal));
            using var response = await anonymous.SendAsync(request);

            // The notice's keep link needs no key but its signature: without one it is incomplete, never answered.
            var expected = !route.Anonymous ? HttpStatusCode.Unauthorized
                : route.Name == nameof(Workflows.Reclaim.ReclaimApi.KeepReclaimSeat) ? HttpStatusCode.UnprocessableEntity
                : HttpStatusCode.OK;
            Assert.True(expected == response.StatusCode, $"{route.Method} {route.Route}: {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Cors_PreflightFromAnAllowedOrigin_IsAnswered_OthersAreNot()
    {
        using var anonymous = new HttpClient { BaseAddress = seeded.Host.BaseAddress };
        using var allowed = new HttpRequestMessage(HttpMethod.Options, "api/findings");
        allowed.Headers.Add("Origin", "https://dashboards.contoso.com");
        allowed.Headers.Add("Access-Control-Request-Method", "PATCH");
        allowed.Headers.Add("Access-Control-Request-Headers", "x-functions-key,if-match,content-type");
        using var other = new HttpRequestMessage(HttpMethod.Options, "api/findings");
        other.Headers.Add("Origin", "https://evil.example");
        other.Headers.Add("Access-Control-Request-Method", "GET");

        using var allowedResponse = await anonymous.SendAsync(allowed);
        using var otherResponse = await anonymous.SendAsync(other);

        Assert.Equal("https://dashboards.contoso.com", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
