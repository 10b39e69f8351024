using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Tenants;

/// <summary>The tenant registry over HTTP: the default tenant first, create, replace at an ETag, delete; bad input named.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TenantsApiTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Subsidiary = """
        {"displayName":"Fabrikam GmbH","entraTenantId":"6c1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b","sources":["slack"],
         "settings":{"Sources__slack__Token":"@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/fabrikam-slack)"},"currency":"chf"}
        """;

    private Seatwise.Local.LocalHost _host = null!;
    private HttpClient _client = null!;
    private string _tenant = null!;

    public async Task InitializeAsync()
    {
        _host = await TestHosts.StartAsync(azurite, s => _tenant = s.Settings["Seatwise:TenantId"]!);
        _client = TestHosts.Client(_host);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _host.DisposeAsync();
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative)) { Content = body is null ? null : Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.IfMatch.Add(ifMatch == "*" ? EntityTagHeaderValue.Any : new EntityTagHeaderValue(ifMatch));
        }

        return await _client.SendAsync(request);
    }

    [Fact]
    public async Task ATenant_IsCreatedReadReplacedAtItsETagAndDeleted_BesideTheDefaultOne()
    {
        using var created = await SendAsync(HttpMethod.Put, "api/tenants/fabrikam-de", Subsidiary);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var etag = created.Headers.ETag!.Tag;
        using var again = await SendAsync(HttpMethod.Put, "api/tenants/fabrikam-de", Subsidiary);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        var list = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/tenants", UriKind.Relative))).RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([_tenant, "fabrikam-de"], list.Select(t => t.GetProperty("id").GetString()));
        Assert.True(list[0].GetProperty("isDefault").GetBoolean());
        var read = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/tenants/fabrikam-de", UriKind.Relative))).RootElement;
        Assert.Equal("CHF", read.GetProperty("currency").GetString());
        Assert.Equal(["slack"], read.GetProperty("sources").EnumerateArray().Select(s => s.GetString()));

        using (var replaced = await SendAsync(HttpMethod.Put, "api/tenants/fabrikam-de", Subsidiary.Replace("Fabrikam GmbH", "Fabrikam Deutschland", StringComparison.Ordinal), etag))
        using (var stale = await SendAsync(HttpMethod.Put, "api/tenants/fabrikam-de", Subsidiary, etag))
        {
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            Assert.Equal(HttpStatusCode.PreconditionFailed, stale.StatusCode);
            etag = replaced.Headers.ETag!.Tag;
        }

        using (var defaultPut = await SendAsync(HttpMethod.Put, $"api/tenants/{_tenant}", Subsidiary))
        using (var defaultDelete = await SendAsync(HttpMethod.Delete, $"api/tenants/{_tenant}", ifMatch: "*"))
        {
            Assert.Equal(HttpStatusCode.Conflict, defaultPut.StatusCode);
            Assert.Equal(HttpStatusCode.Conflict, defaultDelete.StatusCode);
        }

        using (var deleted = await SendAsync(HttpMethod.Delete, "api/tenants/fabrikam-de", ifMatch: etag))
        using (var gone = await _client.GetAsync(new Uri("api/tenants/fabrikam-de", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        }
    }

    [Fact]
    public async Task BadInput_IsAProblemNamingEachField_AndWritesNothing()
    {
        using var plainSecret = await SendAsync(HttpMethod.Put, "api/tenants/bad-one",
            Subsidiary.Replace("@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/fabrikam-slack)", "xoxp-plain-token", StringComparison.Ordinal)
                .Replace("6c1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b", "fabrikam.onmicrosoft.com", StringComparison.Ordinal));
        using var badId = await SendAsync(HttpMethod.Put, "api/tenants/Bad_Id", Subsidiary);
        using var otherId = await SendAsync(HttpMethod.Put, "api/tenants/bad-two", Subsidiary.Replace("{\"displayName\"", "{\"id\":\"other\",\"displayName\"", StringComparison.Ordinal));

        var body = await plainSecret.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, plainSecret.StatusCode);
        Assert.Equal("application/problem+json", plainSecret.Content.Headers.ContentType!.MediaType);
        Assert.Contains("settings.Sources__slack__Token", body, StringComparison.Ordinal);
        Assert.Contains("entraTenantId", body, StringComparison.Ordinal);
        Assert.DoesNotContain("xoxp-plain-token", body, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badId.StatusCode);
        Assert.Contains("\"id\"", await badId.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, otherId.StatusCode);
        var list = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/tenants", UriKind.Relative))).RootElement.GetProperty("items");
        Assert.DoesNotContain(list.EnumerateArray(), t => t.GetProperty("id").GetString()!.StartsWith("bad", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ATenantsOwnSchedule_StartsItsRunOnTheTick_OnceAnOccurrence_AndTheDailyTimerLeavesIt()
    {
        var scheduled = Subsidiary.Replace("\"currency\"", "\"schedule\":\"0 * * * * *\",\"currency\"", StringComparison.Ordinal);
        using var badSchedule = await SendAsync(HttpMethod.Put, "api/tenants/sched-bad", scheduled.Replace("0 * * * * *", "0 99 * * * *", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, badSchedule.StatusCode);
        Assert.Contains("\"schedule\"", await badSchedule.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        using var created = await SendAsync(HttpMethod.Put, "api/tenants/sched-co", scheduled);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        try
        {
            var daily = await _host.Services.GetRequiredService<Workflows.Runs.RunStarter>().StartAllAsync(_host.Orchestrations, Workflows.Runs.RunTriggers.Timer, (_, ex) => throw ex, CancellationToken.None);
            Assert.DoesNotContain(daily, r => r.RunId.StartsWith("sync-sched-co-", StringComparison.Ordinal));

            var tick = Workflows.Hosting.WorkflowRegistry.Timer(Workflows.Hosting.TimerNames.TenantSchedules);
            await tick.Fire(_host.Services, _host.Orchestrations, CancellationToken.None);
            await tick.Fire(_host.Services, _host.Orchestrations, CancellationToken.None);
            var runs = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/tenants/sched-co/runs", UriKind.Relative))).RootElement.GetProperty("items")
                .EnumerateArray().Select(r => r.GetProperty("runId").GetString()!).ToList();
            var only = Assert.Single(runs);
            Assert.Matches("^sync-sched-co-[0-9]{12}$", only);
            await TestRuns.WaitAsync(_client, only, path: "api/tenants/sched-co/runs/");
        }
        finally
        {
            using var deleted = await SendAsync(HttpMethod.Delete, "api/tenants/sched-co", ifMatch: "*");
        }
    }

    [Fact]
    public async Task AnImportFile_CreatesAndReplacesTenants_AndABadFileImportsNothing()
    {
        const string Header = "id,displayName,entraTenantId,sources,currency,Sources__zoom__AccountId\n";
        static StringContent Csv(string text) => new(text, Encoding.UTF8, "text/csv");
        try
        {
            using var first = await _client.PostAsync(new Uri("api/tenants/import", UriKind.Relative), Csv(Header +
                "imp-one,Import One,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,zoom,usd,one-zoom\n" +
                "imp-two,Import Two,6c1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b,,,\n"));
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(2, JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("created").GetInt32());

            using var again = await _client.PostAsync(new Uri("api/tenants/import", UriKind.Relative), Csv(Header +
                "imp-one,Import One renamed,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,zoom,usd,one-zoom-2\n"));
            var counts = JsonDocument.Parse(await again.Content.ReadAsStringAsync()).RootElement;
            Assert.Equal((0, 1), (counts.GetProperty("created").GetInt32(), counts.GetProperty("updated").GetInt32()));
            var one = JsonDocument.Parse(await _client.GetStringAsync(new Uri("api/tenants/imp-one", UriKind.Relative))).RootElement;
            Assert.Equal("Import One renamed", one.GetProperty("displayName").GetString());
            Assert.Equal("one-zoom-2", one.GetProperty("settings").GetProperty("Sources__zoom__AccountId").GetString());

            // One bad row (the default tenant's id, a bad schedule) and the good row beside it is not imported either.
            using var bad = await _client.PostAsync(new Uri("api/tenants/import", UriKind.Relative), Csv(
                "id,displayName,entraTenantId,schedule\n" +
                "imp-three,Three,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,\n" +
                $"{_tenant},Default,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,\n" +
                "imp-four,Four,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,0 0 25 * * *\n"));
            var problem = await bad.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.UnprocessableEntity, bad.StatusCode);
            Assert.Contains("\"line\":3,\"column\":\"id\"", problem, StringComparison.Ordinal);
            Assert.Contains("\"line\":4,\"column\":\"schedule\"", problem, StringComparison.Ordinal);
            using var three = await _client.GetAsync(new Uri("api/tenants/imp-three", UriKind.Relative));
            Assert.Equal(HttpStatusCode.NotFound, three.StatusCode);
        }
        finally
        {
            foreach (var id in new[] { "imp-one", "imp-two", "imp-three" })
            {
                using var deleted = await SendAsync(HttpMethod.Delete, $"api/tenants/{id}", ifMatch: "*");
            }
        }
    }
}
