using System.Net;
using System.Text;
using Seatwise.DemoTenant;
using Seatwise.Local;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>A demo tenant and a local host reading Graph from it, with a contract register imported over HTTP.</summary>
public sealed class DemoHost : IAsyncDisposable
{
    private DemoHost(DemoTenantServer demo, LocalHost host, HttpClient client, string tenant)
    {
        Demo = demo;
        Host = host;
        Client = client;
        Tenant = tenant;
    }

    public DemoTenantServer Demo { get; }

    public LocalHost Host { get; }

    public HttpClient Client { get; }

    public string Tenant { get; }

    public static async Task<DemoHost> StartAsync(AzuriteFixture azurite, DemoTenantOptions options, string contractsCsv, Action<LocalHostSettings, DemoTenantServer>? configure = null)
    {
        var demo = await DemoTenantServer.StartAsync(options);
        string tenant = null!;
        var host = await TestHosts.StartAsync(azurite, s =>
        {
            s.Settings["Graph:BaseUrl"] = demo.GraphBaseUrl;
            s.Settings["Graph:Authentication"] = "None";
            tenant = s.Settings["Seatwise:TenantId"]!;
            configure?.Invoke(s, demo);
        });
        var client = TestHosts.Client(host);
        using var imported = await client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(contractsCsv, Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        return new DemoHost(demo, host, client, tenant);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Demo.DisposeAsync();
    }
}
