using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Reclaim;

/// <summary>A notice period: every holder gets a mail with a signed keep link; a kept seat is left alone and stays out of plans.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class ReclaimNoticeTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string ApproverKey = "approver-secret-for-notice-tests";
    private const string Mailbox = "licensing@contoso.example";

    private DemoHost _setup = null!;

    private HttpClient Client => _setup.Client;

    public async Task InitializeAsync()
    {
        _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 100, Seed = 7 },
            "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\nm365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,80,33.75,EUR,monthly\n",
            (s, _) =>
            {
                s.Settings["Reclaim:Enabled"] = "true";
                s.Settings["Reclaim:ApproverKey"] = ApproverKey;
                s.Settings["Reclaim:MaxSeatsPerPlan"] = "4";
                // About nine seconds: long enough to follow a link, short enough for a test.
                s.Settings["Reclaim:NoticeDays"] = "0.0001";
                s.Settings["Reclaim:NoticeMailbox"] = Mailbox;
            });
        await TestRuns.StartAndWaitAsync(Client);
    }

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    [GeneratedRegex("href=\"([^\"]+)\"")]
    private static partial Regex Link();

    [Fact]
    public async Task HoldersAreToldFirst_AKeptSeatIsLeftAlone_AndStaysOutOfTheNextPlan()
    {
        var mail = _setup.Demo.State.SentMail;
        var (id, etag) = await CreateAsync();
        using (var approved = await PostAsync($"api/reclaim-plans/{id}/approve", etag))
        using (var started = await PostAsync($"api/reclaim-plans/{id}/execute"))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        }

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (mail.Count < 4 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        Assert.True(mail.Count == 4, await Client.GetStringAsync(new Uri($"api/reclaim-plans/{id}/audit", UriKind.Relative)));
        var plan = await GetAsync(id);
        Assert.Equal("executing", plan.GetProperty("status").GetString());
        Assert.Equal(0, _setup.Demo.State.Requests("assignLicense"));   // nothing removed while the holders may answer
        var first = mail.First();
        Assert.Equal(Mailbox, first.From);
        Assert.Contains("SPE_E3", first.Subject, StringComparison.Ordinal);
        var link = WebUtility.HtmlDecode(Link().Match(first.Html).Groups[1].Value);
        var kept = plan.GetProperty("items").EnumerateArray().First(i => i.GetProperty("identityKey").GetString() == first.To);

        using var anonymous = new HttpClient();
        using (var tampered = await anonymous.GetAsync(new Uri(link[..^4] + "0000")))
        using (var incomplete = await anonymous.GetAsync(new Uri(link[..link.IndexOf("&sig=", StringComparison.Ordinal)])))
        using (var keep = await anonymous.GetAsync(new Uri(link)))
        {
            Assert.Equal(HttpStatusCode.Forbidden, tampered.StatusCode);
            Assert.Equal(HttpStatusCode.UnprocessableEntity, incomplete.StatusCode);
            Assert.Contains("\"sig\"", await incomplete.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.OK, keep.StatusCode);
            Assert.Equal("text/html", keep.Content.Headers.ContentType!.MediaType);
        }

        var executed = await WaitAsync(id, "executed");
        var seats = executed.GetProperty("items").EnumerateArray().Where(i => i.GetProperty("status").GetString() == "planned").ToList();
        var keptSeat = seats.Single(i => i.GetProperty("findingId").GetString() == kept.GetProperty("findingId").GetString());
        Assert.Equal("skipped", keptSeat.GetProperty("execution").GetProperty("outcome").GetString());
        Assert.Contains("keep link", keptSeat.GetProperty("execution").GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.All(seats.Where(i => i.GetProperty("findingId").GetString() != kept.GetProperty("findingId").GetString()),
            i => Assert.Equal("done", i.GetProperty("execution").GetProperty("outcome").GetString()));
        Assert.All(seats, i => Assert.Equal("done", i.GetProperty("notice").GetProperty("outcome").GetString()));

        // After the notice period the link no longer works, and the next plan leaves the kept seat out.
        using (var late = await anonymous.GetAsync(new Uri(link)))
        {
            Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        }

        var (next, _) = await CreateAsync();
        var again = (await GetAsync(next)).GetProperty("items").EnumerateArray().Single(i => i.GetProperty("findingId").GetString() == kept.GetProperty("findingId").GetString());
        Assert.Equal("excluded", again.GetProperty("status").GetString());
        Assert.Contains("asked to keep it", again.GetProperty("reason").GetString(), StringComparison.Ordinal);
        var audit = await Client.GetStringAsync(new Uri($"api/reclaim-plans/{id}/audit", UriKind.Relative));
        Assert.Contains("\"kept\"", audit, StringComparison.Ordinal);
        Assert.Contains("notice-done", audit, StringComparison.Ordinal);
    }

    private async Task<(string Id, string ETag)> CreateAsync()
    {
        var (plan, etag) = await TestReclaim.CreateAsync(Client, """{"contractId":"m365-e3","types":["inactive-seat","disabled-seat"]}""");
        return (plan.GetProperty("id").GetString()!, etag);
    }

    private Task<HttpResponseMessage> PostAsync(string path, string? etag = null) =>
        TestReclaim.SendAsync(Client, HttpMethod.Post, path, etag, approverKey: ApproverKey);

    private Task<JsonElement> GetAsync(string id) => TestReclaim.GetAsync(Client, id);

    private Task<JsonElement> WaitAsync(string id, string status) => TestReclaim.WaitAsync(Client, id, status);
}
