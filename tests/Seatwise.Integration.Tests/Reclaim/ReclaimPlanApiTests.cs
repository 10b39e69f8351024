using System.Net;
using System.Text;
using System.Text.Json;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Reclaim;

/// <summary>Reclaim plans over HTTP after a demo run: create, read, edit a draft, approve with the approver key, audit.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReclaimPlanApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ApproverKey = "approver-secret-for-tests";

    private DemoHost _setup = null!;

    private HttpClient Client => _setup.Client;

    public async Task InitializeAsync()
    {
        _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 120, Seed = 7 },
            "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\nm365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,80,33.75,EUR,monthly\n",
            (settings, _) =>
            {
                settings.Settings["Reclaim:ApproverKey"] = ApproverKey;
                settings.Settings["Reclaim:MaxSeatsPerPlan"] = "5";
            });
        await TestRuns.StartAndWaitAsync(Client);
    }

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private Task<(JsonElement Plan, string ETag)> CreateAsync(string filter = "{}") => TestReclaim.CreateAsync(Client, filter);

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? etag, string? body = null, string? approverKey = null) =>
        TestReclaim.SendAsync(Client, method, path, etag, body, approverKey);

    [Fact]
    public async Task Draft_ListsTheSeats_WithActionsMoneyAndExclusions_AsJsonAndSpreadsheetSafeCsv()
    {
        var (plan, etag) = await CreateAsync("""{"types":["inactive-seat","disabled-seat"]}""");
        var id = plan.GetProperty("id").GetString()!;
        var items = plan.GetProperty("items").EnumerateArray().ToList();

        Assert.Equal("draft", plan.GetProperty("status").GetString());
        Assert.Equal(5, plan.GetProperty("plannedSeats").GetInt32());
        Assert.Equal(5, items.Count(i => i.GetProperty("status").GetString() == "planned"));
        Assert.All(items.Where(i => i.GetProperty("status").GetString() == "excluded"), i => Assert.Contains("cap of 5 seats", i.GetProperty("reason").GetString(), StringComparison.Ordinal));
        Assert.All(items, i => Assert.Equal("remove-license", i.GetProperty("action").GetString()));
        Assert.Equal(items.Where(i => i.GetProperty("status").GetString() == "planned").Sum(i => i.GetProperty("annualCost").GetDecimal()), plan.GetProperty("savings").GetProperty("EUR").GetDecimal());

        using var read = await Client.GetAsync(new Uri($"api/reclaim-plans/{id}", UriKind.Relative));
        Assert.Equal(etag, read.Headers.ETag!.Tag);
        var csv = await Client.GetStringAsync(new Uri($"api/reclaim-plans/{id}?format=csv", UriKind.Relative));
        Assert.StartsWith("findingId,type,contractId,source,accountId", csv, StringComparison.Ordinal);
        Assert.Equal(items.Count + 1, csv.TrimEnd().Split('\n').Length);
        var list = JsonDocument.Parse(await Client.GetStringAsync(new Uri("api/reclaim-plans", UriKind.Relative))).RootElement.GetProperty("items");
        Assert.Equal(id, list[0].GetProperty("id").GetString());
    }

    [Fact]
    public async Task Approval_TakesTheApproverKey_FixesThePlan_AndTheAuditTrailListsEveryStep()
    {
        var (plan, etag) = await CreateAsync();
        var id = plan.GetProperty("id").GetString()!;
        var first = plan.GetProperty("items")[0].GetProperty("findingId").GetString()!;

        using (var edited = await SendAsync(HttpMethod.Patch, $"api/reclaim-plans/{id}", etag, $$"""{"exclude":["{{first}}"],"reason":"on leave"}"""))
        {
            Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
            Assert.NotEqual(etag, edited.Headers.ETag!.Tag);
            using var stale = await SendAsync(HttpMethod.Patch, $"api/reclaim-plans/{id}", etag, """{"include":[]}""");
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            etag = edited.Headers.ETag!.Tag;
        }

        using (var noKey = await SendAsync(HttpMethod.Post, $"api/reclaim-plans/{id}/approve", etag))
        using (var wrongKey = await SendAsync(HttpMethod.Post, $"api/reclaim-plans/{id}/approve", etag, approverKey: "guess"))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noKey.StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, wrongKey.StatusCode);
            Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType!.MediaType);
        }

        using var approved = await SendAsync(HttpMethod.Post, $"api/reclaim-plans/{id}/approve", etag, approverKey: ApproverKey);
        var body = JsonDocument.Parse(await approved.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("excluded", body.GetProperty("items")[0].GetProperty("status").GetString());

        var approvedTag = approved.Headers.ETag!.Tag;
        using var editAfter = await SendAsync(HttpMethod.Patch, $"api/reclaim-plans/{id}", approvedTag, $$"""{"include":["{{first}}"]}""");
        using var approveAgain = await SendAsync(HttpMethod.Post, $"api/reclaim-plans/{id}/approve", approvedTag, approverKey: ApproverKey);
        Assert.Equal(HttpStatusCode.Conflict, editAfter.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, approveAgain.StatusCode);

        var audit = JsonDocument.Parse(await Client.GetStringAsync(new Uri($"api/reclaim-plans/{id}/audit", UriKind.Relative))).RootElement.GetProperty("items")
            .EnumerateArray().Select(e => (Event: e.GetProperty("event").GetString(), Actor: e.GetProperty("actor").GetString(), Detail: e.GetProperty("detail").GetString()!)).ToList();
        Assert.Equal(["created", "edited", "approval-refused", "approval-refused", "approved"], audit.Select(a => a.Event));
        Assert.Equal("approver key", audit[^1].Actor);
        Assert.Contains("on leave", audit[1].Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(audit, a => a.Detail.Contains(ApproverKey, StringComparison.Ordinal) || a.Detail.Contains("guess", StringComparison.Ordinal));
        var csv = await Client.GetStringAsync(new Uri($"api/reclaim-plans/{id}/audit?format=csv", UriKind.Relative));
        Assert.Equal(6, csv.TrimEnd().Split('\n').Length);
    }

    [Fact]
    public async Task BadInput_IsAProblemNamingTheField_AndUnknownPlansAre404()
    {
        using var badType = await Client.PostAsync(new Uri("api/reclaim-plans", UriKind.Relative), Json("""{"types":["renewal-due"]}"""));
        using var badDays = await Client.PostAsync(new Uri("api/reclaim-plans", UriKind.Relative), Json("""{"minDaysInactive":-1}"""));
        using var nothing = await Client.PostAsync(new Uri("api/reclaim-plans", UriKind.Relative), Json("""{"contractId":"no-such-contract"}"""));
        using var missing = await Client.GetAsync(new Uri("api/reclaim-plans/rp-20260101T000000-deadbeef", UriKind.Relative));
        var (plan, etag) = await CreateAsync();
        using var unknownSeat = await SendAsync(HttpMethod.Patch, $"api/reclaim-plans/{plan.GetProperty("id").GetString()}", etag, """{"exclude":["not-a-seat"]}""");
        using var noEtag = await SendAsync(HttpMethod.Patch, $"api/reclaim-plans/{plan.GetProperty("id").GetString()}", null, """{"exclude":[]}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, badType.StatusCode);
        Assert.Contains("\"types\"", await badType.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badDays.StatusCode);
        Assert.Contains("\"minDaysInactive\"", await badDays.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, nothing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, unknownSeat.StatusCode);
        Assert.Contains("not-a-seat", await unknownSeat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode)428, noEtag.StatusCode);
    }
}
