using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Azurite;

namespace Seatwise.Integration.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class HealthTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Health_StorageReachable_Answers200WithStorageOk()
    {
        await using var host = await TestHosts.StartAsync(azurite);
        using var client = TestHosts.Client(host);

        using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok", body.GetProperty("status").GetString());
        Assert.Equal("ok", body.GetProperty("storage").GetString());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("version").GetString()));
    }

    [Fact]
    public async Task Health_StorageUnreachable_Answers503NamingStorageWithinBoundedTime()
    {
        var closed = AzuritePorts.Free();
        await using var host = await TestHosts.StartAsync(azurite, s => s.Settings["AzureWebJobsStorage"] = closed.ConnectionString);
        using var client = TestHosts.Client(host);
        var watch = Stopwatch.StartNew();

        using var response = await client.GetAsync(new Uri("api/health", UriKind.Relative));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("storage", body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("unreachable", body.GetProperty("storage").GetString());
        // Bounded: the probe gives up after 5 s per service (run in parallel); 30 s leaves room for a slow machine.
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"health took {watch.Elapsed}");
    }

    [Fact]
    public async Task UnknownRoute_Answers404()
    {
        await using var host = await TestHosts.StartAsync(azurite);
        using var client = TestHosts.Client(host);

        using var response = await client.GetAsync(new Uri("api/nothing-here", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
