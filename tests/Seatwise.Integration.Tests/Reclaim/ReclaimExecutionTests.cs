using System.Net;
using System.Text.Json;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Reclaim;

/// <summary>
/// Plan → approve → dry run → execute → next run → undo, over HTTP against the demo tenant's Graph, Zoom and GitHub
/// write endpoints (each throttles its first write once).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ReclaimExecutionTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ApproverKey = "approver-secret-for-execution-tests";

    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,120,33.75,EUR,monthly\n" +
        "zoom,Zoom,Zoom Business,zoom,licensed,80,13.33,EUR,monthly\n" +
        "copilot,GitHub,Copilot Business,github,copilot_business,80,19,USD,monthly\n" +
        "slack,Slack,Slack Business+,slack,billable,150,12.50,USD,monthly\n" +
        "salesforce,Salesforce,Sales Cloud,salesforce,Salesforce,40,150,USD,monthly\n";

    private DemoHost _setup = null!;
    private HashSet<string> _exempt = null!;

    private HttpClient Client => _setup.Client;

    public async Task InitializeAsync()
    {
        var options = new DemoTenantOptions { Users = 150, Seed = 7 };
        // Every tenth person is exempt: some of them hold idle seats the plan must leave, naming the setting.
        var generator = new TenantGenerator(options.Seed, options.Users, DateTimeOffset.UtcNow.Date);
        _exempt = Enumerable.Range(0, options.Users).Where(i => i % 10 == 0).Select(i => generator.User(i).UserPrincipalName.ToLowerInvariant()).ToHashSet();
        _setup = await DemoHost.StartAsync(azurite, options, Contracts, (s, demo) =>
        {
            s.Settings["Reclaim:Enabled"] = "true";
            s.Settings["Reclaim:ApproverKey"] = ApproverKey;
            s.Settings["Reclaim:ExemptUsers"] = string.Join(";", _exempt);
            s.Settings["Sources:zoom:Enabled"] = "true";
            s.Settings["Sources:github:Enabled"] = "true";
            s.Settings["Sources:slack:Enabled"] = "true";
            s.Settings["Sources:salesforce:Enabled"] = "true";
            foreach (var (key, value) in demo.VendorSettings())
            {
                s.Settings[key] = value;
            }
        });
    }

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [Fact]
    public async Task PlanApprovedAndExecuted_RemovesExactlyThePlannedSeats_OnceOnly_AndUndoGivesThemBack()
    {
        var state = _setup.Demo.State;
        await TestRuns.StartAndWaitAsync(Client);
        var before = await AssignedAsync();

        var (plan, etag) = await CreateAsync("""{"minDaysInactive":30}""");
        var id = plan.GetProperty("id").GetString()!;
        var items = plan.GetProperty("items").EnumerateArray().ToList();
        var planned = items.Where(i => Text(i, "status") == "planned").ToList();
        Assert.Equal(["github", "graph", "salesforce", "slack", "zoom"], planned.Select(i => Text(i, "source")).Distinct().Order());
        var exempt = items.Where(i => _exempt.Contains(Text(i, "identityKey"))).ToList();
        Assert.NotEmpty(exempt);
        Assert.All(exempt, i => Assert.Contains("Reclaim__ExemptUsers", Text(i, "reason"), StringComparison.Ordinal));
        // Group-assigned E3 (every sixth person) is left out of the plan naming the group: the group is what changes.
        var byGroup = items.Where(i => Text(i, "reason").Contains(DemoGroups.SalesE3GroupId, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(byGroup);
        Assert.All(byGroup, i => Assert.Equal("SPE_E3", Text(i, "productKey")));

        // Execution needs an approved plan and the approver key; before approval it is refused.
        using (var early = await SendAsync($"api/reclaim-plans/{id}/execute", ApproverKey))
        {
            Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        }

        using (var approved = await SendAsync($"api/reclaim-plans/{id}/approve", ApproverKey, etag))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        }

        // The dry run lists one write per planned seat and sends nothing.
        using (var dry = await SendAsync($"api/reclaim-plans/{id}/execute?dryRun=true", ApproverKey))
        {
            var body = JsonDocument.Parse(await dry.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal(HttpStatusCode.OK, dry.StatusCode);
            var requests = body.GetProperty("requests").EnumerateArray().ToList();
            Assert.Equal(planned.Count, requests.Count);
            Assert.All(requests, r => Assert.NotEqual(JsonValueKind.Null, r.GetProperty("request").ValueKind));
            Assert.Contains(requests, r => r.GetProperty("request").GetProperty("url").GetString()!.EndsWith("/assignLicense", StringComparison.Ordinal));
            Assert.Equal(0, state.Requests("assignLicense"));
        }

        using (var noKey = await SendAsync($"api/reclaim-plans/{id}/execute", null))
        {
            Assert.Equal(HttpStatusCode.Forbidden, noKey.StatusCode);
        }

        using (var started = await SendAsync($"api/reclaim-plans/{id}/execute", ApproverKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var executed = await WaitAsync(id, "executed");
        var seats = executed.GetProperty("items").EnumerateArray().Where(i => Text(i, "status") == "planned").ToList();
        Assert.All(seats, i => Assert.NotEqual(JsonValueKind.Null, i.GetProperty("execution").ValueKind));
        var done = seats.Where(i => Text(i.GetProperty("execution"), "outcome") == "done").ToList();
        var skipped = seats.Where(i => Text(i.GetProperty("execution"), "outcome") == "skipped").ToList();
        var failed = seats.Where(i => Text(i.GetProperty("execution"), "outcome") == "failed").ToList();
        // The former member's seat: GitHub refuses to change a seat of someone outside the organization, and the
        // seat records its answer.
        var refused = Assert.Single(failed);
        Assert.Contains("422: Could not find user old-contractor-ctso", Text(refused.GetProperty("execution"), "detail"), StringComparison.Ordinal);
        Assert.True(seats.Count == done.Count + skipped.Count + 1, string.Join("\n", seats.Except(done).Except(skipped).Select(i => $"{Text(i, "source")} {Text(i, "subject")}: {Text(i.GetProperty("execution"), "detail")}")));
        Assert.Empty(skipped);
        Assert.Equal(["github", "graph", "salesforce", "slack", "zoom"], done.Select(i => Text(i, "source")).Distinct().Order());
        var assignCalls = state.Requests("assignLicense");
        // One call per removed licence, plus the throttled first attempt that was retried.
        Assert.Equal(done.Count(i => Text(i, "source") == "graph") + 1, assignCalls);

        // The next run sees exactly the removed seats gone.
        await TestRuns.StartAndWaitAsync(Client);
        var after = await AssignedAsync();
        foreach (var contract in new[] { "m365-e3", "zoom", "copilot", "slack", "salesforce" })
        {
            var removed = done.Count(i => i.GetProperty("contractId").GetString() == contract);
            Assert.True(removed > 0, contract);
            Assert.True(before[contract] - removed == after[contract], $"{contract}: {before[contract]} assigned, {removed} removed, {after[contract]} after");
        }

        // A second execution is refused and sends nothing.
        using (var again = await SendAsync($"api/reclaim-plans/{id}/execute", ApproverKey))
        {
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
            Assert.Equal(assignCalls, state.Requests("assignLicense"));
        }

        // The audit trail has one entry per seat acted on, with the calls sent and the answers.
        var audit = JsonDocument.Parse(await Client.GetStringAsync(new Uri($"api/reclaim-plans/{id}/audit", UriKind.Relative))).RootElement.GetProperty("items")
            .EnumerateArray().Select(e => (Event: Text(e, "event"), Detail: Text(e, "detail"))).ToList();
        Assert.Equal(seats.Count, audit.Count(a => a.Event is "execute-done" or "execute-skipped" or "execute-failed"));
        Assert.All(audit.Where(a => a.Event == "execute-done"), a => Assert.Contains("Sent: ", a.Detail, StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Event == "executed");
        Assert.DoesNotContain(audit, a => a.Detail.Contains(ApproverKey, StringComparison.Ordinal) || a.Detail.Contains("demo-", StringComparison.Ordinal) && a.Detail.Contains("token", StringComparison.Ordinal));

        // Undo gives back what was removed, and the run after it sees the seats again.
        using (var undo = await SendAsync($"api/reclaim-plans/{id}/undo", ApproverKey))
        {
            Assert.Equal(HttpStatusCode.Accepted, undo.StatusCode);
        }

        var undone = await WaitAsync(id, "undone");
        Assert.Equal(done.Count, undone.GetProperty("undoOutcomes").GetProperty("done").GetInt32());
        await TestRuns.StartAndWaitAsync(Client);
        Assert.Equal(before, await AssignedAsync());
    }

    private static string Text(JsonElement e, string name) => e.GetProperty(name).GetString() ?? string.Empty;

    private async Task<Dictionary<string, int>> AssignedAsync() =>
        JsonDocument.Parse(await Client.GetStringAsync(new Uri("api/positions", UriKind.Relative))).RootElement.GetProperty("items").EnumerateArray()
            .ToDictionary(p => Text(p, "contractId"), p => p.GetProperty("assigned").GetInt32());

    private Task<(JsonElement Plan, string ETag)> CreateAsync(string filter) => TestReclaim.CreateAsync(Client, filter);

    private Task<HttpResponseMessage> SendAsync(string path, string? approverKey, string? etag = null) =>
        TestReclaim.SendAsync(Client, HttpMethod.Post, path, etag, approverKey: approverKey);

    private Task<JsonElement> WaitAsync(string id, string status) => TestReclaim.WaitAsync(Client, id, status);
}
