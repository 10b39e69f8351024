using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Seatwise.Integration.Tests.Queries;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Dashboard;

/// <summary>Runs only where Debian's chromium is installed (.ci/run installs it); skipped loudly otherwise.</summary>
public sealed class ChromiumFactAttribute : FactAttribute
{
    public const string Executable = "/usr/bin/chromium";

    public ChromiumFactAttribute()
    {
        if (!File.Exists(Executable))
        {
            Skip = $"SKIPPED LOUDLY: {Executable} is missing (apt-get install chromium); the dashboard browser test did not run.";
        }
    }
}

/// <summary>The dashboard in a real browser against a seeded local host, as a person would use it.</summary>
public sealed class DashboardBrowserTests(SeededHostFixture seeded) : IClassFixture<SeededHostFixture>
{
    [ChromiumFact]
    public async Task Dashboard_TilesMatchTheApi_FilterSnoozeAndDownload()
    {
        var summary = JsonDocument.Parse(await seeded.Client.GetStringAsync(new Uri("api/summary", UriKind.Relative))).RootElement;
        await using var session = await BrowserSession.OpenAsync(SeededHostFixture.ApiKey);
        var page = session.Page;
        var shots = Path.Combine(Path.GetTempPath(), "seatwise-dashboard");
        Directory.CreateDirectory(shots);

        await page.GotoAsync(new Uri(seeded.Host.BaseAddress, "api/dashboard").ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "overview.png"), FullPage = true });

        // Tiles show the summary's headlines, one tile each (the card and the digest show the same values).
        var eur = summary.GetProperty("headlines").EnumerateArray().Single(t => t.GetProperty("currency").GetString() == "EUR");
        Assert.Equal(summary.GetProperty("openFindings").GetProperty("count").GetInt32().ToString(CultureInfo.InvariantCulture), (await page.TextContentAsync("#tile-open"))!.Trim());
        foreach (var (field, tile) in new[] { ("annualSpend", "spend"), ("unusedNow", "unused"), ("potentialSavings", "savings"), ("trueUpExposure", "exposure"), ("spendUnderReview", "review") })
        {
            Assert.Equal(Digits(Math.Round(eur.GetProperty(field).GetDecimal(), 0)), Digits((await page.TextContentAsync($"#tile-{tile}-EUR"))!));
        }

        // A source that needs attention is named with its reason.
        Assert.Contains("slack skipped: Sources__slack__Token is not set", await page.TextContentAsync("#source-notes"), StringComparison.Ordinal);
        Assert.True(await page.IsVisibleAsync("#source-notes"));
        var unmatched = summary.GetProperty("freshness").EnumerateArray().Single(f => f.GetProperty("source").GetString() == "github").GetProperty("unmatched").GetInt32();
        Assert.True(unmatched > 0);
        Assert.Contains($"github: {unmatched} unmatched accounts", await page.TextContentAsync("#source-notes"), StringComparison.Ordinal);
        Assert.Contains("graph m365usage failed: Microsoft 365 usage reports conceal user names", await page.TextContentAsync("#source-notes"), StringComparison.Ordinal);

        // Filter findings by type.
        await page.ClickAsync("#tab-findings");
        await page.SelectOptionAsync("#f-type", "disabled-seat");
        await page.ClickAsync("#finding-filters button[type=submit]");
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('#findings tr')].every(r => r.children[1].textContent === 'disabled-seat') && document.querySelectorAll('#findings tr').length > 0");
        var types = await page.Locator("#findings tr td:nth-child(2)").AllTextContentsAsync();
        Assert.All(types, t => Assert.Equal("disabled-seat", t));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "findings.png") });

        // Snooze the first: it leaves the open list.
        var first = page.Locator("#findings tr").First;
        var id = await first.GetAttributeAsync("data-finding-id");
        await first.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { NameRegex = new System.Text.RegularExpressions.Regex("^Snooze") }).ClickAsync();
        await page.WaitForFunctionAsync($"() => !document.querySelector('#findings tr[data-finding-id=\"{id}\"]')");
        var stored = JsonDocument.Parse(await seeded.Client.GetStringAsync(new Uri($"api/findings/{id}", UriKind.Relative))).RootElement;
        Assert.Equal("snoozed", stored.GetProperty("status").GetString());

        // Download the CSV of the filtered list.
        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#findings-csv"));
        var file = Path.Combine(shots, "findings.csv");
        await download.SaveAsAsync(file);
        var lines = await File.ReadAllLinesAsync(file);
        var shown = await page.Locator("#findings tr").CountAsync();
        Assert.StartsWith("id,type,status,contractId,subject", lines[0], StringComparison.Ordinal);
        Assert.True(lines.Skip(1).Count(l => l.Contains(",disabled-seat,", StringComparison.Ordinal)) >= shown);

        // Contract drill-down with its seat lines.
        await page.ClickAsync("#tab-contracts");
        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Show the seat lines of m365-e3" }).ClickAsync();
        await page.WaitForSelectorAsync("#seats tr");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "contract.png") });
        Assert.True(await page.Locator("#seats tr").CountAsync() > 0);
    }

    [ChromiumFact]
    public async Task TheTrendChart_ShowsEveryMonthOfTheHistory_WithTheLatestMonthsUtilization()
    {
        // Two earlier months beside the seeded run's: the latest run's positions with fewer seats in use.
        var trends = seeded.Host.Services.GetRequiredService<TrendRepository>();
        var positions = (await seeded.Host.Services.GetRequiredService<ResultRepository>().ListPositionsAsync(seeded.Tenant, seeded.Run.RunId, CancellationToken.None)).Select(p => p.Position).ToList();
        var now = DateTime.UtcNow;
        for (var back = 1; back <= 2; back++)
        {
            var month = new DateOnly(now.Year, now.Month, 1).AddMonths(-back);
            await trends.SaveMonthAsync(seeded.Tenant, month, $"run-earlier-{back}", positions.Select(p => p with { Counts = p.Counts with { Active = p.Counts.Active / (back + 1) }, AnnualWaste = Math.Min(p.AnnualCost, p.AnnualWaste * (1 + (back * 0.4m))) }), CancellationToken.None);
        }

        var api = JsonDocument.Parse(await seeded.Client.GetStringAsync(new Uri("api/trends", UriKind.Relative))).RootElement;
        var eur = api.GetProperty("totals").EnumerateArray().Where(t => t.GetProperty("currency").GetString() == "EUR").ToList();
        await using var session = await BrowserSession.OpenAsync(SeededHostFixture.ApiKey);
        var page = session.Page;

        await page.GotoAsync(new Uri(seeded.Host.BaseAddress, "api/dashboard").ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        var shots = Path.Combine(Path.GetTempPath(), "seatwise-dashboard");
        Directory.CreateDirectory(shots);
        await page.Locator("#trend-chart").ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(shots, "trends.png") });

        Assert.Equal(3, eur.Count);
        var chart = page.Locator("#trend-chart svg[data-currency=EUR]");
        Assert.Equal(3, await chart.Locator("rect.waste").CountAsync());
        Assert.Equal(3, await chart.Locator("circle.utilization").CountAsync());
        var latest = eur[^1].GetProperty("utilization").GetDecimal();
        var label = await chart.GetAttributeAsync("aria-label");
        Assert.Contains($"utilization {Math.Round(latest * 100, MidpointRounding.AwayFromZero).ToString(CultureInfo.InvariantCulture)}%", label, StringComparison.Ordinal);
        Assert.Contains(eur[^1].GetProperty("month").GetString()!, label, StringComparison.Ordinal);
    }

    [ChromiumFact]
    public async Task TheReclaimView_PreviewsApprovesDryRunsAndExecutesAPlan_AndOpensFromTheCardsLink()
    {
        await using var session = await BrowserSession.OpenAsync(SeededHostFixture.ApiKey);
        var page = session.Page;

        // The Teams card's "Plan the reclaim" link opens the Reclaim view.
        await page.GotoAsync(new Uri(seeded.Host.BaseAddress, "api/dashboard#reclaim").ToString());
        await page.WaitForSelectorAsync("body[data-ready=true]", new PageWaitForSelectorOptions { Timeout = 30_000 });
        Assert.True(await page.IsVisibleAsync("#view-reclaim"));

        await page.FillAsync("#p-contract", "m365-e3");
        await page.FillAsync("#p-days", "30");
        await page.ClickAsync("#plan-form button[type=submit]");
        await page.WaitForSelectorAsync("#plan-section[data-status=draft]");
        var planned = await page.Locator("#plan-items tr", new PageLocatorOptions { HasTextString = "planned" }).CountAsync();
        Assert.True(planned > 0);

        // Without the approver key the approval is refused, and the page says so.
        await page.ClickAsync("#plan-approve");
        await page.WaitForSelectorAsync("#error:not(.hidden)");
        Assert.Contains("403", await page.TextContentAsync("#error"), StringComparison.Ordinal);

        await page.FillAsync("#approver-key", SeededHostFixture.ApproverKey);
        await page.ClickAsync("#plan-approve");
        await page.WaitForSelectorAsync("#plan-section[data-status=approved]");
        await page.ClickAsync("#plan-dry-run");
        await page.WaitForFunctionAsync("() => document.querySelector('#plan-result').textContent.startsWith('Dry run')");
        Assert.Contains($"{planned} requests would be sent", await page.TextContentAsync("#plan-result"), StringComparison.Ordinal);

        await page.ClickAsync("#plan-execute");
        await page.WaitForSelectorAsync("#plan-section[data-status=executed]", new PageWaitForSelectorOptions { Timeout = 60_000 });
        Assert.Equal(planned, await page.Locator("#plan-items tr[data-outcome=done], #plan-items tr[data-outcome=skipped], #plan-items tr[data-outcome=failed]").CountAsync());
        Assert.Contains("executed", await page.TextContentAsync("#plan-meta"), StringComparison.Ordinal);
        var shots = Path.Combine(Path.GetTempPath(), "seatwise-dashboard");
        Directory.CreateDirectory(shots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(shots, "reclaim.png"), FullPage = true });
    }

    private static string Digits(object value) => new([.. Convert.ToString(value, CultureInfo.InvariantCulture)!.Where(char.IsDigit)]);
}

/// <summary>Chromium headless with an API key in the tab's session, as a person would have it.</summary>
internal sealed class BrowserSession : IAsyncDisposable
{
    private IPlaywright _playwright = null!;
    private IBrowser _browser = null!;

    public IPage Page { get; private set; } = null!;

    public static async Task<BrowserSession> OpenAsync(string apiKey)
    {
        var session = new BrowserSession { _playwright = await Playwright.CreateAsync() };
        session._browser = await session._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumFactAttribute.Executable,
            Headless = true,
            Args = ["--no-sandbox", "--disable-dev-shm-usage"],
        });
        var context = await session._browser.NewContextAsync(new BrowserNewContextOptions { Locale = "en-US", ViewportSize = new ViewportSize { Width = 1366, Height = 900 }, AcceptDownloads = true });
        await context.AddInitScriptAsync($"sessionStorage.setItem('seatwise-key', '{apiKey}');");
        session.Page = await context.NewPageAsync();
        return session;
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
