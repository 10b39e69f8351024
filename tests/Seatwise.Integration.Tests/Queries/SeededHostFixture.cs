using System.Globalization;
using System.Net;
using System.Text;
using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Queries;

/// <summary>
/// A local host seeded once for the query tests by a real run: contracts imported over HTTP, one run against a
/// 600-user demo tenant. Read-only tests share it; tests that change findings use their own ids. Its own Azurite,
/// because xunit 2 class fixtures cannot depend on the collection's.
/// </summary>
public sealed class SeededHostFixture : IAsyncLifetime
{
    public const string ApiKey = "query-tests-key";

    public const string ApproverKey = "query-tests-approver-key";
    public const int Users = 600;

    private readonly AzuriteFixture _azurite = new();

    public DemoTenantServer Demo { get; private set; } = null!;

    public LocalHost Host { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public RunRecord Run { get; private set; } = null!;

    public string Tenant { get; private set; } = null!;

    /// <summary>A contract whose notice date is 20 days from today, so it is always inside the renewal window.</summary>
    public static string RenewingContractId => "m365-e3";

    /// <summary>The renewal date of <see cref="RenewingContractId"/>: 50 days after the day the fixture seeded.</summary>
    public static DateOnly RenewalDate { get; } = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(50);

    public static string ContractsCsv()
    {
        var renewal = RenewalDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod,renewalDate,noticeDays,owner\n" +
            $"m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,400,33.75,EUR,annual,{renewal},30,it-assets@contoso.com\n" +
            "m365-e5,Microsoft,Microsoft 365 E5,graph,SPE_E5,,54.75,EUR,monthly,,,\n" +
            "copilot,Microsoft,Microsoft 365 Copilot,graph,Microsoft_365_Copilot,60,30.00,EUR,monthly,,,\n" +
            "visio,Microsoft,Visio Plan 2,graph,VISIOCLIENT,40,15.00,EUR,monthly,,,\n" +
            "powerbi,Microsoft,Power BI Pro,graph,POWER_BI_PRO,,14.00,USD,monthly,,,\n" +
            "teams-phone,Microsoft,Teams Phone,graph,MCOEV,25,8.00,EUR,monthly,,,\n";
    }

    public async Task InitializeAsync()
    {
        await _azurite.InitializeAsync();
        Demo = await DemoTenantServer.StartAsync(new DemoTenantOptions { Users = Users, Seed = 11 });
        // Usage reports with concealed names (Microsoft's default): the report part fails with what to change, which
        // the dashboard must show, and sign-in activity judges the seats.
        Demo.State.Faults.ConcealedNames = true;
        Host = await TestHosts.StartAsync(_azurite, s =>
        {
            s.Settings["Graph:BaseUrl"] = Demo.GraphBaseUrl;
            s.Settings["Graph:Authentication"] = "None";
            s.Settings["Api:Key"] = ApiKey;
            s.Settings["Reclaim:ApproverKey"] = ApproverKey;
            s.Settings["Reclaim:Enabled"] = "true";
            s.Settings["Api:CorsOrigins"] = "https://dashboards.contoso.com";
            // Switched on without a token: skipped in every run, with the reason the dashboard must show.
            s.Settings["Sources:slack:Enabled"] = "true";
            // GitHub without the enterprise its SAML lives at: every account is unmatched, which the dashboard must show.
            s.Settings["Sources:github:Enabled"] = "true";
            foreach (var (key, value) in Demo.VendorSettings().Where(kv => kv.Key.StartsWith("Sources:github:", StringComparison.Ordinal) && !kv.Key.EndsWith(":Enterprise", StringComparison.Ordinal)))
            {
                s.Settings[key] = value;
            }
            Tenant = s.Settings["Seatwise:TenantId"]!;
        });
        Client = TestHosts.Client(Host);
        Client.DefaultRequestHeaders.Add("x-functions-key", ApiKey);
        using var imported = await Client.PostAsync(new Uri("api/contracts/import", UriKind.Relative), new StringContent(ContractsCsv(), Encoding.UTF8, "text/csv"));
        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Run = await TestRuns.StartAndWaitAsync(Client);
        // With errors only because slack is switched on without a token (skipped); Graph and every contract are fine.
        Assert.Equal(RunStatus.CompletedWithErrors, Run.Status);
        Assert.Equal(["ok", "ok", "skipped"], Run.Sources.Select(s => s.Status));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        await Demo.DisposeAsync();
        await _azurite.DisposeAsync();
    }
}
