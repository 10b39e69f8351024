using System.Net;
using System.Text.Json;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Workflows.Api;

namespace Seatwise.Integration.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class OpenApiTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Document_IsServedAndNamesEveryRouteOfTheTable_AndNoOther()
    {
        await using var host = await TestHosts.StartAsync(azurite, s => s.Settings["Api:Key"] = "secret-key");
        using var client = TestHosts.Client(host);

        using var response = await client.GetAsync(new Uri("api/openapi.json", UriKind.Relative));
        var paths = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("paths");
        var documented = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Where(o => o.Name != "parameters")
                .Select(o => (Name: o.Value.GetProperty("operationId").GetString()!, Method: o.Name.ToUpperInvariant(), Route: p.Name.TrimStart('/'))))
            .ToHashSet();
        var served = ApiRoutes.All.Select(r => (r.Name, r.Method, r.Route)).ToHashSet();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(served.Except(documented));
        Assert.Empty(documented.Except(served));
    }

    [Fact]
    public async Task ApiKey_WhenSet_RequiredEverywhereButHealthAndDocument()
    {
        await using var host = await TestHosts.StartAsync(azurite, s => s.Settings["Api:Key"] = "secret-key");
        using var client = TestHosts.Client(host);

        using var noKey = await client.GetAsync(new Uri("api/contracts", UriKind.Relative));
        using var wrongKey = await client.GetAsync(new Uri("api/contracts?code=nope", UriKind.Relative));
        using var queryKey = await client.GetAsync(new Uri("api/contracts?code=secret-key", UriKind.Relative));
        using var headerRequest = new HttpRequestMessage(HttpMethod.Get, "api/contracts");
        headerRequest.Headers.Add("x-functions-key", "secret-key");
        using var headerKey = await client.SendAsync(headerRequest);
        using var health = await client.GetAsync(new Uri("api/health", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Unauthorized, noKey.StatusCode);
        Assert.Equal("application/problem+json", noKey.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, wrongKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, queryKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, headerKey.StatusCode);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}
