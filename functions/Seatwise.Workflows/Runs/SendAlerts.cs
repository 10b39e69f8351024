using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seatwise.Core.Alerts;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Alerts;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Tenants;

namespace Seatwise.Workflows.Runs;

public sealed record SendAlertsInput(string Tenant, string RunId, DateTimeOffset RunAt);

/// <summary>
/// The last step of a run: one Teams card with the run's new findings worth alerting (each finding is alerted once;
/// a failed delivery leaves them for the next run) and, when configured, the integration events. Whatever happens
/// is recorded on the run; nothing here fails the run.
/// </summary>
public sealed class SendAlerts(
    RunRepository runs,
    ResultRepository results,
    FindingRepository findings,
    ContractRepository contracts,
    TeamsWebhook webhook,
    IEventPublisher events,
    IOptions<AlertSettings> settings,
    IOptions<RenewalSettings> renewals,
    TenantDirectory tenants,
    ISecretResolver secrets,
    TimeProvider clock,
    ILogger<SendAlerts> logger) : IActivity<SendAlertsInput, AlertOutcome>
{
    public async Task<AlertOutcome> RunAsync(SendAlertsInput input, CancellationToken cancellationToken)
    {
        var run = await runs.GetAsync(input.Tenant, input.RunId, cancellationToken);
        if (run is null || !RunStatus.IsFinished(run.Status) || run.Status == RunStatus.Failed)
        {
            return new AlertOutcome { Status = AlertStatus.NothingNew, Error = "the run did not complete" };
        }

        var outcome = await SendCardAsync(input, cancellationToken);
        outcome = await PublishEventsAsync(input, run, outcome, cancellationToken);
        await runs.SaveAsync(run with { Alerts = outcome }, cancellationToken);
        return outcome;
    }

    /// <summary>
    /// The card from one pass over the ledger a bucket at a time, keeping only what the card shows (<see
    /// cref="AlertFindings"/>), the open count and the open review findings the headlines need; once delivered, a
    /// second pass marks the announced entries bucket by bucket. A 100,000-user tenant's first run announces over
    /// 130,000 findings, which as objects all at once were the largest memory of the whole run (docs/benchmarks.md).
    /// </summary>
    private async Task<AlertOutcome> SendCardAsync(SendAlertsInput input, CancellationToken cancellationToken)
    {
        var options = settings.Value;
        var news = new AlertFindings();
        var announced = new HashSet<string>(StringComparer.Ordinal);
        var openReview = new List<Finding>();
        var openTotal = 0;
        await foreach (var bucket in findings.ReadBucketsAsync(input.Tenant, cancellationToken))
        {
            foreach (var stored in bucket)
            {
                var entry = stored.Entry;
                if (entry.Status != FindingStatus.Resolved)
                {
                    openTotal++;
                    if (entry.Finding.MoneyKind == MoneyKinds.Review)
                    {
                        openReview.Add(entry.Finding);
                    }
                }

                if (AlertSelection.IsNew(entry, input.RunId, options.MinAnnualCost))
                {
                    news.Add(entry.Finding);
                    announced.Add(entry.Finding.Id);
                }
            }
        }

        var (target, problem) = await WebhookAsync(input.Tenant, options, cancellationToken);
        if (target is null)
        {
            if (problem is not null)
            {
                logger.LogWarning("Run {RunId}: no Teams alert sent: {Problem}", input.RunId, problem);
            }

            return new AlertOutcome { Status = AlertStatus.NotConfigured, Findings = news.Count, Error = problem };
        }

        if (news.Count == 0)
        {
            logger.LogInformation("Run {RunId}: no new findings to alert", input.RunId);
            return new AlertOutcome { Status = AlertStatus.NothingNew };
        }

        var window = renewals.Value.AlertDays;
        var upcoming = Renewals.Upcoming(await contracts.ListAllAsync(input.Tenant, cancellationToken), input.RunAt, window);
        var positions = await results.ListPositionsAsync(input.Tenant, input.RunId, cancellationToken);
        // The headlines look at open findings only for the contracts under review, so the review ones are all they need.
        var headlines = Headlines.Compute(positions.Select(p => p.Position), openReview);
        var alert = new RunAlert(input.RunId, input.RunAt, headlines, news, openTotal, upcoming, options.DashboardUrl, window);
        var json = TeamsCards.Serialize(TeamsCards.RunAlert(alert));
        var bytes = Encoding.UTF8.GetByteCount(json);
        var delivery = await webhook.PostAsync(json, target, cancellationToken);
        if (!delivery.Delivered)
        {
            logger.LogWarning("Run {RunId}: Teams alert failed ({Error}); its {Count} findings stay un-alerted for the next run", input.RunId, delivery.Error, news.Count);
            return new AlertOutcome { Status = AlertStatus.Failed, Findings = news.Count, Bytes = bytes, Attempts = delivery.Attempts, Error = delivery.Error };
        }

        // Marked on the copy read now: an entry changed since the first pass keeps its change (its new ETag).
        var alertedAt = clock.GetUtcNow();
        var marked = await findings.MarkAlertedAsync(input.Tenant, Announced(findings.ReadBucketsAsync(input.Tenant, cancellationToken), announced), alertedAt, cancellationToken);

        logger.LogInformation("Run {RunId}: Teams alert sent with {Count} new findings ({Bytes} bytes); {Marked} marked alerted", input.RunId, news.Count, bytes, marked);
        return new AlertOutcome { Status = AlertStatus.Sent, Findings = news.Count, Bytes = bytes, Attempts = delivery.Attempts };
    }

    /// <summary>The announced entries of each bucket, read after delivery.</summary>
    private static async IAsyncEnumerable<IReadOnlyList<StoredFinding>> Announced(IAsyncEnumerable<IReadOnlyList<StoredFinding>> buckets, HashSet<string> announced)
    {
        await foreach (var bucket in buckets)
        {
            yield return bucket.Where(s => announced.Contains(s.Entry.Finding.Id)).ToList();
        }
    }

    /// <summary>
    /// Where the tenant's card goes: the default tenant's <c>Alerts__TeamsWebhookUrl</c>, a registry tenant's own
    /// webhook (its Key Vault reference read now); never another tenant's channel.
    /// </summary>
    private async Task<(Uri? Target, string? Problem)> WebhookAsync(string tenant, AlertSettings options, CancellationToken cancellationToken)
    {
        if (tenants.IsDefault(tenant))
        {
            return options.WebhookUri is { } uri ? (uri, null)
                : string.IsNullOrWhiteSpace(options.TeamsWebhookUrl) ? (null, null)
                : (null, "Alerts__TeamsWebhookUrl is set but is not a usable URL (an unresolved Key Vault reference?)");
        }

        if (await tenants.FindAsync(tenant, cancellationToken) is not { AlertWebhook: { } reference })
        {
            return (null, null);
        }

        try
        {
            return AlertSettings.Webhook(await secrets.ResolveAsync(reference, cancellationToken)) is { } uri
                ? (uri, null)
                : (null, $"tenant '{tenant}''s alertWebhook secret is not a URL");
        }
        catch (SecretUnavailableException ex)
        {
            return (null, $"tenant '{tenant}''s alertWebhook: {ex.Message}");
        }
    }

    private async Task<AlertOutcome> PublishEventsAsync(SendAlertsInput input, RunRecord run, AlertOutcome outcome, CancellationToken cancellationToken)
    {
        if (!events.Enabled)
        {
            return outcome;
        }

        // Every finding this run opened or resolved is an event, so the whole ledger is read here (only when events are on).
        var ledger = await findings.ListAllAsync(input.Tenant, cancellationToken);

        var totals = run.Totals ?? new RunTotals();
        var facts = new RunCompletedFacts(run.RunId, run.Status, input.RunAt, run.CompletedAt, totals.FindingsOpen, totals.FindingsNew, totals.FindingsResolved,
            totals.AnnualCost, totals.AnnualWaste, totals.PotentialSavings);
        try
        {
            var sent = await events.PublishAsync(IntegrationEvents.ForRun(input.Tenant, facts, ledger.Select(s => s.Entry)), cancellationToken);
            return outcome with { Events = sent };
        }
        catch (Exception ex) when (ex is Azure.RequestFailedException or Azure.Messaging.ServiceBus.ServiceBusException or Azure.Identity.AuthenticationFailedException or InvalidOperationException or UnauthorizedAccessException)
        {
            logger.LogWarning("Run {RunId}: integration events failed: {Error}", input.RunId, ex.Message);
            return outcome with { Events = 0, EventsError = ex.Message };
        }
    }
}
