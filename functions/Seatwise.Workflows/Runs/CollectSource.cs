using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Seatwise.Core.Inventory;
using Seatwise.Sources;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Snapshots;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Tenants;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// Collects one source into this run's snapshot. When the source fails, the outcome names the error and the
/// last good snapshot of that source, which its contracts are then reconciled against (marked stale).
/// </summary>
public sealed class CollectSource(TenantSources sources, SnapshotStore snapshots, TimeProvider clock, ILogger<CollectSource> logger) : IActivity<CollectSourceInput, SourceOutcome>
{
    public async Task<SourceOutcome> RunAsync(CollectSourceInput input, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            var source = await sources.FindAsync(input.Tenant, input.Source, cancellationToken);
            if (source is null)
            {
                return new SourceOutcome { Source = input.Source, Status = SourceStatus.Skipped, Error = $"source '{input.Source}' is not configured" };
            }

            await using var writer = await snapshots.CreateWriterAsync(input.Tenant, input.RunId, input.Source, cancellationToken);
            // Every source's records pass the same limits on their way into the snapshot.
            var guarded = new GuardedSnapshotWriter(writer);
            var result = await source.CollectAsync(guarded, cancellationToken);
            var manifest = await writer.CommitAsync(clock.GetUtcNow(), cancellationToken);
            logger.LogInformation("Source {Source} collected: {Seats} seats, {Accounts} accounts, {Apps} apps in {Seconds:0.0} s ({Requests} requests)",
                input.Source, result.Seats, result.Accounts, result.Apps, watch.Elapsed.TotalSeconds, result.Requests);
            return new SourceOutcome
            {
                Source = input.Source,
                Status = SourceStatus.Ok,
                Accounts = result.Accounts,
                Seats = result.Seats,
                Apps = result.Apps,
                ActivityKnown = result.ActivityKnown,
                Unmatched = result.Unmatched,
                Parts = result.Parts,
                DurationSeconds = watch.Elapsed.TotalSeconds,
                SnapshotRunId = input.RunId,
                SnapshotCollectedAt = manifest.CollectedAt,
                Warnings = guarded.Warning is { } warning ? [.. result.Warnings, warning] : result.Warnings,
            };
        }
        catch (SourceNotConfiguredException ex)
        {
            logger.LogWarning("Source {Source} skipped: {Reason}", input.Source, ex.Reason);
            return new SourceOutcome { Source = input.Source, Status = SourceStatus.Skipped, Error = ex.Reason };
        }
        catch (SourceFailedException ex)
        {
            logger.LogWarning("Source {Source} failed: {Reason}", input.Source, ex.Reason);
            var fallback = (await snapshots.ListCommittedRunsAsync(input.Tenant, input.Source, cancellationToken)).FirstOrDefault(r => r != input.RunId);
            var manifest = fallback is null ? null : await snapshots.GetManifestAsync(input.Tenant, fallback, input.Source, cancellationToken);
            return new SourceOutcome
            {
                Source = input.Source,
                Status = SourceStatus.Failed,
                Error = ex.Reason,
                DurationSeconds = watch.Elapsed.TotalSeconds,
                ActivityKnown = manifest?.Properties.GetValueOrDefault("activityKnown") != "false",
                SnapshotRunId = manifest?.RunId,
                SnapshotCollectedAt = manifest?.CollectedAt,
            };
        }
    }
}
