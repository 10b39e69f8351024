using System.Net;
using System.Net.Http.Json;
using System.Text;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Local.Demo;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Tenants;

/// <summary>
/// One deployment serving three tenants, each a demo tenant of its own size with its own sources: the default one
/// (graph + github, the app settings), "fabrikam" (graph + slack + zoom, from the registry, secrets as Key Vault
/// references) and "northwind" (graph + github, whose admin never consented: Graph answers 403). Contracts are
/// imported and one run of each started over HTTP; the tests read what they left. Its own Azurite, because xunit 2
/// class fixtures cannot depend on the collection's.
/// </summary>
public sealed class TenantsFixture : IAsyncLifetime
{
    public const string OperatorKey = "tenants-operator-key";
    public const string Fabrikam = "fabrikam";
    public const string Northwind = "northwind";

    public const string DefaultContracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,400,33.75,EUR,monthly\n" +
        "github-enterprise,GitHub,GitHub Enterprise Cloud,github,enterprise,150,231.00,EUR,annual\n";

    public const string FabrikamContracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "fab-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,200,36.00,CHF,monthly\n" +
        "fab-slack,Slack,Slack Business+,slack,billable,150,150.00,CHF,annual\n" +
        "fab-zoom,Zoom,Zoom Workplace Business,zoom,licensed,100,199.90,CHF,annual\n";

    public const string NorthwindContracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "nw-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,100,33.75,USD,monthly\n" +
        "nw-github,GitHub,GitHub Enterprise Cloud,github,enterprise,80,231.00,USD,annual\n";

    private readonly AzuriteFixture _azurite = new();
    private readonly List<DemoTenantServer> _demos = [];

    public LocalHost Host { get; private set; } = null!;

    /// <summary>With the operator key.</summary>
    public HttpClient Client { get; private set; } = null!;

    public string DefaultTenant { get; private set; } = null!;

    /// <summary>Fabrikam's demo tenant, whose Teams webhook receives Fabrikam's cards.</summary>
    public DemoTenantServer FabrikamDemo { get; private set; } = null!;

    public Dictionary<string, RunRecord> Runs { get; } = [];

    /// <summary>Each registry tenant's own key (POST /api/tenants/{id}/key).</summary>
    public Dictionary<string, string> Keys { get; } = [];

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        var home = await StartDemoAsync(new DemoTenantOptions { Users = 180, Seed = 21 });
        FabrikamDemo = await StartDemoAsync(new DemoTenantOptions { Users = 120, Seed = 22 });
        var fabrikam = DemoTenantRegistry.Describe(Fabrikam, "Fabrikam AG", FabrikamDemo, ["slack", "zoom"], "CHF");
        // Fabrikam's own Teams channel: its webhook URL a Key Vault reference the host answers, as a vendor token is.
        fabrikam = fabrikam with
        {
            Record = fabrikam.Record with { AlertWebhook = $"@Microsoft.KeyVault(SecretUri={DemoTenantRegistry.DemoVault}/secrets/fabrikam-teams)" },
            HostSettings = new Dictionary<string, string>(fabrikam.HostSettings) { ["Secrets:fabrikam-teams"] = FabrikamDemo.TeamsWebhookUrl },
        };
        var northwind = DemoTenantRegistry.Describe(Northwind, "Northwind Traders", await StartDemoAsync(new DemoTenantOptions { Users = 90, Seed = 23, GraphConsentRefused = true }), ["github"], "USD");
        Host = await TestHosts.StartAsync(_azurite, s =>
        {
            s.Settings["Graph:BaseUrl"] = home.GraphBaseUrl;
            s.Settings["Graph:Authentication"] = "None";
            s.Settings["Graph:TenantAuthentication"] = "None";
            s.Settings["Api:Key"] = OperatorKey;
            s.Settings["Sources:github:Enabled"] = "true";
            // One run at a time over all tenants: the three runs below queue for the one slot.
            s.Settings["Runs:MaxConcurrentTenants"] = "1";
            s.Settings["Runs:SlotWaitSeconds"] = "1";
            foreach (var (key, value) in home.VendorSettings().Where(v => v.Key.StartsWith("Sources:github:", StringComparison.Ordinal)))
            {
                s.Settings[key] = value;
            }

            foreach (var (key, value) in fabrikam.HostSettings.Concat(northwind.HostSettings))
            {
                s.Settings[key] = value;
            }

            DefaultTenant = s.Settings["Seatwise:TenantId"]!;
        });
        Client = TestHosts.Client(Host);
        Client.DefaultRequestHeaders.Add("x-functions-key", OperatorKey);

        foreach (var registration in new[] { fabrikam, northwind })
        {
            using var put = await Client.PutAsJsonAsync($"api/tenants/{registration.Record.Id}", registration.Record);
            Assert.True(put.StatusCode == HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
            using var key = await Client.PostAsync(new Uri($"api/tenants/{registration.Record.Id}/key", UriKind.Relative), null);
            Assert.Equal(HttpStatusCode.Created, key.StatusCode);
            Keys[registration.Record.Id] = (await key.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("key").GetString()!;
        }

        await ImportAsync("api/contracts/import", DefaultContracts);
        await ImportAsync($"api/tenants/{Fabrikam}/contracts/import", FabrikamContracts);
        await ImportAsync($"api/tenants/{Northwind}/contracts/import", NorthwindContracts);

        // Three ways to start a tenant's run: the default route, the operator's ?tenant=, the tenant's own route.
        var started = new Dictionary<string, (string RunId, string Status)>
        {
            [DefaultTenant] = await StartAsync("api/runs"),
            [Fabrikam] = await StartAsync($"api/runs?tenant={Fabrikam}"),
            [Northwind] = await StartAsync($"api/tenants/{Northwind}/runs"),
        };
        foreach (var (tenant, (runId, statusUrl)) in started)
        {
            var path = statusUrl.TrimStart('/')[..^runId.Length];
            var run = await TestRuns.WaitAsync(Client, runId, TimeSpan.FromMinutes(4), path);
            // Alerts are the run's last step, after it has recorded its end.
            for (var i = 0; i < 120 && run.Alerts is null && run.Status != RunStatus.Failed; i++)
            {
                await Task.Delay(250);
                run = await TestRuns.WaitAsync(Client, runId, TimeSpan.FromMinutes(1), path);
            }

            Runs[tenant] = run;
        }
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        foreach (var demo in _demos)
        {
            await demo.DisposeAsync();
        }

        await _azurite.DisposeAsync();
    }

    /// <summary>A client that sends <paramref name="key"/> instead of the operator key.</summary>
    public HttpClient ClientWithKey(string? key)
    {
        var client = TestHosts.Client(Host);
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return client;
    }

    private async Task<DemoTenantServer> StartDemoAsync(DemoTenantOptions options)
    {
        var demo = await DemoTenantServer.StartAsync(options);
        _demos.Add(demo);
        return demo;
    }

    private async Task ImportAsync(string path, string csv)
    {
        using var imported = await Client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(imported.StatusCode == HttpStatusCode.OK, $"{path}: {(int)imported.StatusCode} {await imported.Content.ReadAsStringAsync()}");
    }

    private async Task<(string RunId, string StatusUrl)> StartAsync(string path)
    {
        using var started = await Client.PostAsync(new Uri(path, UriKind.Relative), null);
        var body = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, $"{path}: {(int)started.StatusCode} {body}");
        var json = System.Text.Json.JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("runId").GetString()!, json.GetProperty("statusUrl").GetString()!);
    }
}
