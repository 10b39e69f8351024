using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seatwise.Core.Alerts;
using Seatwise.Core.Findings;
using Seatwise.Core.Money;
using Seatwise.Core.Reporting;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;

namespace Seatwise.Workflows.Alerts;

/// <summary>
/// The weekly digest (<c>WeeklyDigestTimer</c>, <c>Schedules__Digest</c>): open findings by type with money, the ten
/// most expensive, renewals in the next <c>Renewals__DigestDays</c> days, and what changed since last week.
/// </summary>
public sealed class WeeklyDigestSender(
    FindingRepository findings,
    RunRepository runs,
    ResultRepository results,
    ContractRepository contracts,
    TeamsWebhook webhook,
    IOptions<AlertSettings> settings,
    IOptions<RenewalSettings> renewals,
    IOptions<SeatwiseOptions> seatwise,
    TimeProvider clock,
    ILogger<WeeklyDigestSender> logger)
{
    public async Task<DeliveryResult?> SendAsync(CancellationToken cancellationToken)
    {
        if (settings.Value.WebhookUri is null)
        {
            logger.LogInformation("Weekly digest skipped: Alerts__TeamsWebhookUrl is not configured");
            return null;
        }

        var json = TeamsCards.Serialize(TeamsCards.Digest(await BuildAsync(cancellationToken)));
        var result = await webhook.PostAsync(json, cancellationToken);
        if (result.Delivered)
        {
            logger.LogInformation("Weekly digest sent ({Bytes} bytes)", Encoding.UTF8.GetByteCount(json));
        }
        else
        {
            logger.LogWarning("Weekly digest failed: {Error}", result.Error);
        }

        return result;
    }

    public async Task<WeeklyDigest> BuildAsync(CancellationToken cancellationToken)
    {
        var tenant = seatwise.Value.TenantId;
        var now = clock.GetUtcNow();
        var weekAgo = now.AddDays(-7);
        var ledger = (await findings.ListAllAsync(tenant, cancellationToken)).Select(s => s.Entry).ToList();
        var open = ledger.Where(e => e.Status == FindingStatus.Open).ToList();
        var finished = (await runs.ListAllAsync(tenant, cancellationToken)).Where(r => r.Status is RunStatus.Completed or RunStatus.CompletedWithErrors).ToList();
        var latest = finished.FirstOrDefault();
        var before = finished.FirstOrDefault(r => r.CreatedAt <= weekAgo);
        var positions = latest is null ? [] : await results.ListPositionsAsync(tenant, latest.RunId, cancellationToken);
        var unresolved = ledger.Where(e => e.Status != FindingStatus.Resolved).Select(e => e.Finding);
        return new WeeklyDigest(
            now,
            Headlines.Compute(positions.Select(p => p.Position), unresolved),
            [.. open.GroupBy(e => (e.Finding.Type, e.Finding.Currency)).Select(g => new TypeTotal(g.Key.Type, g.Key.Currency, g.Count(), g.Sum(e => e.Finding.AnnualCost)))],
            [.. open.Where(e => e.Finding.MoneyKind == MoneyKinds.Savings).OrderByDescending(e => e.Finding.AnnualCost).ThenBy(e => e.Finding.Id, StringComparer.Ordinal).Take(TeamsCards.TopFindings).Select(e => e.Finding)],
            Renewals.Upcoming(await contracts.ListAllAsync(tenant, cancellationToken), now, renewals.Value.DigestDays),
            ledger.Count(e => e.FirstSeenAt >= weekAgo),
            ledger.Count(e => e.Status == FindingStatus.Resolved && e.ResolvedAt >= weekAgo),
            latest?.Totals?.AnnualWaste ?? new Dictionary<string, decimal>(),
            before?.Totals?.AnnualWaste,
            settings.Value.DashboardUrl,
            renewals.Value.DigestDays);
    }
}
