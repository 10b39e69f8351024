using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Azurite;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>
/// What an attacker or an unlucky operator tried against the local host and its API, over HTTP: each answer is a
/// problem+json naming what is wrong, and nothing that was good is lost.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class HardeningTests(AzuriteFixture azurite) : HostedTest(azurite)
{
    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(body).RootElement;
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? body = null, string contentType = "application/json", Action<HttpRequestMessage>? configure = null)
    {
        var request = new HttpRequestMessage(method, new Uri(url, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        configure?.Invoke(request);
        return Client.SendAsync(request);
    }

    [Fact]
    public async Task ForeignHostHeader_IsRefused_LoopbackIsServed()
    {
        using var foreign = await SendAsync(HttpMethod.Get, "api/contracts", configure: r => r.Headers.Host = "evil.example");
        using var loopback = await SendAsync(HttpMethod.Get, "api/contracts", configure: r => r.Headers.Host = $"localhost:{Host.BaseAddress.Port}");

        var problem = await ProblemAsync(foreign, HttpStatusCode.BadRequest);
        Assert.Contains("Api__AllowedHosts", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, loopback.StatusCode);
    }

    [Fact]
    public async Task StateChangingRequest_FromAForeignPageOrAsAForm_IsRefused_AndStartsNoRun()
    {
        using var foreignOrigin = await SendAsync(HttpMethod.Post, "api/runs", "{}", configure: r => r.Headers.Add("Origin", "https://evil.example"));
        using var form = await SendAsync(HttpMethod.Post, "api/runs", "a=b", "application/x-www-form-urlencoded");
        using var ownOrigin = await SendAsync(HttpMethod.Get, "api/runs", configure: r => r.Headers.Add("Origin", "https://evil.example"));
        using var runs = await Client.GetAsync(new Uri("api/runs", UriKind.Relative));

        await ProblemAsync(foreignOrigin, HttpStatusCode.Forbidden);
        await ProblemAsync(form, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal(HttpStatusCode.OK, ownOrigin.StatusCode);
        Assert.Empty(JsonDocument.Parse(await runs.Content.ReadAsStringAsync()).RootElement.GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"unitPrice":79000000000000000000000000000,"seats":2147483648}""", "unitPrice", "seats")]
    [InlineData("""{"id":"."}""", "id", null)]
    [InlineData("""{"id":".."}""", "id", null)]
    public async Task Contract_BeyondTheDocumentedLimits_Is422NamingTheField(string overrides, string field, string? secondField)
    {
        var contract = JsonSerializer.Deserialize<Dictionary<string, object?>>("""
            {"id":"big","vendor":"Acme","name":"Big","source":"manual","productKeys":["X"],"seats":10,"unitPrice":1,"currency":"EUR","billingPeriod":"monthly"}
            """)!;
        foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, object?>>(overrides)!)
        {
            contract[key] = value;
        }

        using var response = await SendAsync(HttpMethod.Post, "api/contracts", JsonSerializer.Serialize(contract));

        var errors = (await ProblemAsync(response, HttpStatusCode.UnprocessableEntity)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), errors.ToString());
        Assert.True(secondField is null || errors.TryGetProperty(secondField, out _), errors.ToString());
    }

    [Fact]
    public async Task ForgedInnerContinuationToken_Is400()
    {
        var tenant = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Seatwise.Workflows.SeatwiseOptions>>().Value.TenantId;
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes($$"""{"S":"contracts|{{tenant}}|","T":"garbage"}""")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        using var response = await Client.GetAsync(new Uri($"api/contracts?continuationToken={forged}", UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("continuationToken", out _));
    }

    [Fact]
    public async Task UnknownRouteAndWrongMethod_AreProblemJson()
    {
        using var unknown = await Client.GetAsync(new Uri("api/nothing-here", UriKind.Relative));
        using var wrongMethod = await SendAsync(HttpMethod.Delete, "api/runs");

        await ProblemAsync(unknown, HttpStatusCode.NotFound);
        await ProblemAsync(wrongMethod, HttpStatusCode.MethodNotAllowed);
    }

    [Fact]
    public async Task BodyWithAFieldOfTheWrongType_Is400InOurWords_KeyedByField()
    {
        using var response = await SendAsync(HttpMethod.Post, "api/contracts", """{"id":"x","seats":"ten"}""");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Equal(["must be a number."], problem.GetProperty("errors").GetProperty("seats").EnumerateArray().Select(e => e.GetString()));
        Assert.DoesNotContain("System.", problem.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api/contracts?format=xml", "format")]
    [InlineData("api/summary?format=xml", "format")]
    [InlineData("api/contracts?vendor=a%00b", "vendor")]
    public async Task BadQueryParameter_Is400NamingIt_OnEveryRoute(string url, string parameter)
    {
        using var response = await Client.GetAsync(new Uri(url, UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty(parameter, out _), problem.ToString());
    }

    [Fact]
    public async Task VeryLongQueryParameter_Is400NamingIt()
    {
        using var response = await Client.GetAsync(new Uri("api/contracts?vendor=" + new string('a', 7000), UriKind.Relative));

        Assert.True((await ProblemAsync(response, HttpStatusCode.BadRequest)).GetProperty("errors").TryGetProperty("vendor", out _));
    }

    [Fact]
    public async Task ContractsCsv_HostileCellsAreEscaped_AndTheImportTakesThemBackFaithfully()
    {
        const string Owner = "-2+3+cmd|' /C calc'!A0";
        var contract = $$"""
            {"id":"csv-inj","vendor":"Acme","name":"@SUM(1)","source":"manual","productKeys":["X"],"seats":1,"unitPrice":1,"currency":"EUR","billingPeriod":"monthly","owner":"{{Owner}}","notes":"-1 seat for the intern"}
            """;
        using var created = await SendAsync(HttpMethod.Post, "api/contracts", contract);
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());

        var csv = await Client.GetStringAsync(new Uri("api/contracts?format=csv", UriKind.Relative));
        using var reimport = await SendAsync(HttpMethod.Post, "api/contracts/import", csv, "text/csv");
        var stored = JsonDocument.Parse(await Client.GetStringAsync(new Uri("api/contracts/csv-inj", UriKind.Relative))).RootElement;

        Assert.Contains("\"'-2+3+cmd|' /C calc'!A0\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'@SUM(1)\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'-1 seat for the intern\"", csv, StringComparison.Ordinal);
        Assert.Equal(1, JsonDocument.Parse(await reimport.Content.ReadAsStringAsync()).RootElement.GetProperty("unchanged").GetInt32());
        Assert.Equal(Owner, stored.GetProperty("owner").GetString());
        Assert.Equal("@SUM(1)", stored.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Dashboard_ScriptsAllowedByHashOnly_NeverUnsafeInline()
    {
        using var response = await Client.GetAsync(new Uri("api/dashboard", UriKind.Relative));
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        var scriptSrc = policy.Split(';').Select(p => p.Trim()).Single(p => p.StartsWith("script-src", StringComparison.Ordinal));
        var page = await response.Content.ReadAsStringAsync();
        var script = page[(page.IndexOf("<script>", StringComparison.Ordinal) + 8)..page.IndexOf("</script>", StringComparison.Ordinal)];

        Assert.DoesNotContain("unsafe-inline", scriptSrc, StringComparison.Ordinal);
        Assert.Equal($"script-src 'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(script)))}'", scriptSrc);
    }

    [Fact]
    public async Task RunWhoseOrchestrationWasLost_IsMarkedFailedByTheNextStart()
    {
        // A run recorded as running whose durable history is gone (storage reset, host killed before it began).
        var tenant = Host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Seatwise.Workflows.SeatwiseOptions>>().Value.TenantId;
        var runs = Host.Services.GetRequiredService<Seatwise.Storage.Runs.RunRepository>();
        await runs.SaveAsync(new Seatwise.Storage.Runs.RunRecord
        {
            RunId = "run-lost", Tenant = tenant, Status = Seatwise.Storage.Runs.RunStatus.Running, Trigger = "api", CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-30),
        }, CancellationToken.None);

        using var start = await SendAsync(HttpMethod.Post, "api/runs");
        var lost = JsonDocument.Parse(await Client.GetStringAsync(new Uri("api/runs/run-lost", UriKind.Relative))).RootElement;

        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        Assert.Equal("failed", lost.GetProperty("status").GetString());
        Assert.Contains("orchestration was lost", lost.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StorageDown_Is503NamingStorage_WithRetryAfter()
    {
        // A host whose storage account does not answer: ports with nothing listening.
        var dead = AzuritePorts.Free();
        await using var host = await TestHosts.StartAsync(Azurite, s => s.Settings["AzureWebJobsStorage"] = dead.ConnectionString);
        using var client = TestHosts.Client(host);

        using var response = await client.GetAsync(new Uri("api/contracts", UriKind.Relative));

        var problem = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable);
        Assert.Equal("storage", problem.GetProperty("dependency").GetString());
        Assert.NotNull(response.Headers.RetryAfter);
    }
}
