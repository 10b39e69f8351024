using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Seatwise.Integration.Tests.Tenants;

namespace Seatwise.Integration.Tests.Dashboard;

/// <summary>The dashboard of a deployment with three tenants: the switcher, the portfolio view, and a tenant's own key.</summary>
public sealed class TenantDashboardTests(TenantsFixture tenants) : IClassFixture<TenantsFixture>
{
    [ChromiumFact]
    public async Task TheOperator_SwitchesTenants_AndSeesThePortfolio()
    {
        await using var session = await BrowserSession.OpenAsync(TenantsFixture.OperatorKey);
        var page = session.Page;
        await page.GotoAsync(new Uri(tenants.Host.BaseAddress, "api/dashboard").ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });

        Assert.True(await page.IsVisibleAsync("#tenant-picker"));
        Assert.Equal([tenants.DefaultTenant, TenantsFixture.Fabrikam, TenantsFixture.Northwind], await page.EvalOnSelectorAllAsync<string[]>("#tenant-select option", "o => o.map(x => x.value)"));
        Assert.True(await page.IsVisibleAsync("#tile-spend-EUR"));

        await page.ClickAsync("#tab-portfolio");
        Assert.Equal(3, await page.Locator("#portfolio-tenants tr").CountAsync());
        Assert.Equal(["CHF", "EUR", "USD"], await page.EvalOnSelectorAllAsync<string[]>("#portfolio-totals tr td:first-child", "c => c.map(x => x.textContent)"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Path.GetTempPath(), "seatwise-dashboard-portfolio.png"), FullPage = true });

        // Switching shows that tenant's own numbers (its summary through its routes).
        var chf = await SpendAsync($"api/tenants/{TenantsFixture.Fabrikam}/summary", "CHF");
        await page.SelectOptionAsync("#tenant-select", TenantsFixture.Fabrikam);
        await page.ClickAsync("#tab-overview");
        await page.WaitForSelectorAsync("#tile-spend-CHF", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.Equal(Digits(chf), Digits((await page.TextContentAsync("#tile-spend-CHF"))!));
        Assert.False(await page.IsVisibleAsync("#tile-spend-EUR"));
    }

    [ChromiumFact]
    public async Task ATenantsOwnKey_OpensItsDashboard_WithoutTheSwitcher()
    {
        await using var session = await BrowserSession.OpenAsync(tenants.Keys[TenantsFixture.Fabrikam]);
        var page = session.Page;
        await page.GotoAsync(new Uri(tenants.Host.BaseAddress, $"api/dashboard#tenant={TenantsFixture.Fabrikam}").ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });

        Assert.False(await page.IsVisibleAsync("#tenant-picker"));
        Assert.False(await page.IsVisibleAsync("#tab-portfolio"));
        Assert.Equal(Digits(await SpendAsync($"api/tenants/{TenantsFixture.Fabrikam}/summary", "CHF")), Digits((await page.TextContentAsync("#tile-spend-CHF"))!));
    }

    private async Task<decimal> SpendAsync(string path, string currency) =>
        Math.Round(JsonDocument.Parse(await tenants.Client.GetStringAsync(new Uri(path, UriKind.Relative))).RootElement.GetProperty("headlines").EnumerateArray()
            .Single(h => h.GetProperty("currency").GetString() == currency).GetProperty("annualSpend").GetDecimal(), 0);

    private static string Digits(object value) => new([.. Convert.ToString(value, CultureInfo.InvariantCulture)!.Where(char.IsDigit)]);
}
