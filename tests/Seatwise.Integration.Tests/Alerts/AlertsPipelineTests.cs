using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seatwise.Core.Alerts;
using Seatwise.Core.Findings;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Teams;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Alerts;

namespace Seatwise.Integration.Tests.Alerts;

/// <summary>Runs through the local host with alerts pointed at the demo tenant's Teams webhook stand-in.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AlertsPipelineTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Contracts =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,30,33.75,EUR,monthly\n" +
        "m365-e5,Microsoft,Microsoft 365 E5,graph,SPE_E5,,54.75,EUR,monthly\n";

    private readonly CapturedLogs _logs = new();
    private DemoHost _setup = null!;
    private DemoTenantServer _demo = null!;
    private LocalHost _host = null!;
    private HttpClient _client = null!;
    private string _tenant = null!;

    private TeamsWebhookReceiver Webhook => _demo.State.Webhook;

    public async Task InitializeAsync()
    {
        _setup = await DemoHost.StartAsync(azurite, new DemoTenantOptions { Users = 40, Seed = 3 }, Contracts, (s, demo) =>
        {
            s.Settings["Alerts:TeamsWebhookUrl"] = demo.TeamsWebhookUrl;
            s.Settings["Alerts:DashboardUrl"] = "http://127.0.0.1:7071/api/dashboard";
            s.Settings["Alerts:MaxAttempts"] = "3";
            s.Settings["Alerts:RetryDelaySeconds"] = "0";
            s.ConfigureServices = services => services.AddSingleton<ILoggerProvider>(_logs);
        });
        (_demo, _host, _client, _tenant) = (_setup.Demo, _setup.Host, _setup.Client, _setup.Tenant);
    }

    public async Task DisposeAsync() => await _setup.DisposeAsync();

    private async Task<IReadOnlyList<LedgerEntry>> LedgerAsync() =>
        [.. (await _host.Services.GetRequiredService<FindingRepository>().ListAllAsync(_tenant, CancellationToken.None)).Select(s => s.Entry)];

    [Fact]
    public async Task FirstRun_SendsOneCardWithItsNewFindings_SecondRun_AlertsNothingTwice()
    {
        var first = await TestRuns.StartAndWaitForAlertsAsync(_client);
        var ledger = await LedgerAsync();
        var card = Assert.Single(Webhook.Received);
        var second = await TestRuns.StartAndWaitForAlertsAsync(_client);

        Assert.Equal("sent", first.Alerts?.Status);
        var open = ledger.Count(e => e.Status == FindingStatus.Open);
        Assert.Equal(open, first.Alerts!.Findings);
        Assert.All(ledger.Where(e => e.Status == FindingStatus.Open), e => Assert.NotNull(e.AlertedAt));
        Assert.Null(TeamsWebhookReceiver.Problem(card.Body));
        Assert.Equal($"Seatwise: {open} new findings", card.Body["attachments"]![0]!["content"]!["body"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("nothingNew", second.Alerts?.Status);
        Assert.Single(Webhook.Received);
    }

    [Fact]
    public async Task Throttled_429ThenSuccess_IsDelivered()
    {
        Webhook.FailNext(429);

        var run = await TestRuns.StartAndWaitForAlertsAsync(_client);

        Assert.True(run.Alerts?.Status == "sent" && run.Alerts.Attempts == 2, $"{JsonSerializer.Serialize(run.Alerts)}; webhook attempts {Webhook.Attempts}; logs: {string.Join(" | ", _logs.Messages.Where(m => m.Contains("alert", StringComparison.OrdinalIgnoreCase)))}");
        Assert.Single(Webhook.Received);
        Assert.Equal(2, Webhook.Attempts);
    }

    [Fact]
    public async Task Failing500ThreeTimes_RecordedOnTheRun_RunStillCompleted_ResentByTheNextRun_WithoutTheSnoozedOne()
    {
        Webhook.FailNext(500, 500, 500);

        var first = await TestRuns.StartAndWaitForAlertsAsync(_client);
        var unalerted = (await LedgerAsync()).Where(e => e.Status == FindingStatus.Open).ToList();
        var snooze = unalerted.OrderByDescending(e => e.Finding.AnnualCost).First();
        using var get = await _client.GetAsync(new Uri($"api/findings/{snooze.Finding.Id}", UriKind.Relative));
        using var patch = new HttpRequestMessage(HttpMethod.Patch, $"api/findings/{snooze.Finding.Id}")
        {
            Content = new StringContent("{\"status\":\"snoozed\",\"snoozedUntil\":\"2031-01-01T00:00:00Z\"}", Encoding.UTF8, "application/json"),
        };
        patch.Headers.TryAddWithoutValidation("If-Match", get.Headers.ETag!.Tag);
        using var patched = await _client.SendAsync(patch);
        var second = await TestRuns.StartAndWaitForAlertsAsync(_client);
        var card = Assert.Single(Webhook.Received);
        var cardText = card.Body.ToJsonString();

        Assert.Equal(RunStatus.Completed, first.Status);
        Assert.Equal("failed", first.Alerts?.Status);
        Assert.Contains("500", first.Alerts!.Error, StringComparison.Ordinal);
        Assert.Equal(3, first.Alerts.Attempts);
        Assert.All(unalerted, e => Assert.Null(e.AlertedAt));
        Assert.True(patched.StatusCode == HttpStatusCode.OK, string.Join(" | ", _logs.Messages.Where(m => m.Contains("failed", StringComparison.Ordinal))));
        Assert.Equal("sent", second.Alerts?.Status);
        Assert.Equal(unalerted.Count - 1, second.Alerts!.Findings);
        Assert.Contains($"Seatwise: {unalerted.Count - 1} new findings", cardText, StringComparison.Ordinal);
        Assert.DoesNotContain(snooze.Finding.Subject, cardText, StringComparison.Ordinal);
        Assert.Null((await LedgerAsync()).Single(e => e.Finding.Id == snooze.Finding.Id).AlertedAt);
    }

    [Fact]
    public async Task WebhookUrl_NeverAppearsInLogsOrRunRecords()
    {
        Webhook.FailNext(500, 429);

        var run = await TestRuns.StartAndWaitForAlertsAsync(_client);
        var record = await _client.GetStringAsync(new Uri($"api/runs/{run.RunId}", UriKind.Relative));

        Assert.NotEmpty(_logs.Messages);
        Assert.Contains(_logs.Messages, m => m.Contains("Teams alert", StringComparison.Ordinal));
        Assert.DoesNotContain(_logs.Messages, m => m.Contains("demo-signature-do-not-log", StringComparison.Ordinal) || m.Contains(TeamsWebhookReceiver.Path, StringComparison.Ordinal));
        Assert.DoesNotContain("demo-signature-do-not-log", record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WeeklyDigest_SendsOpenFindingsByTypeAndTopTen()
    {
        await TestRuns.StartAndWaitForAlertsAsync(_client);
        Webhook.Clear();

        var result = await _host.Services.GetRequiredService<WeeklyDigestSender>().SendAsync(CancellationToken.None);
        var digest = Assert.Single(Webhook.Received);
        var open = (await LedgerAsync()).Count(e => e.Status == FindingStatus.Open);

        Assert.True(result!.Delivered);
        Assert.Null(TeamsWebhookReceiver.Problem(digest.Body));
        Assert.StartsWith($"{open} open findings", digest.Body["attachments"]![0]!["content"]!["body"]![1]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void ServiceBusMessage_CarriesIdSubjectAndBodyOfTheEvent()
    {
        var e = new EventMessage("f1:finding.opened:run-1", IntegrationEvents.FindingOpened, "{\"type\":\"finding.opened\"}");

        var message = ServiceBusEventPublisher.ToServiceBus(e);

        // Built by our code and checked without a live namespace (there is no Service Bus emulator here).
        Assert.Equal("f1:finding.opened:run-1", message.MessageId);
        Assert.Equal("finding.opened", message.Subject);
        Assert.Equal("application/json", message.ContentType);
        Assert.Equal("finding.opened", JsonDocument.Parse(message.Body.ToString()).RootElement.GetProperty("type").GetString());
    }
}
