using System.Globalization;
using Seatwise.Core.Tenants;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;
using Seatwise.Workflows.Tenants;

namespace Seatwise.Workflows.Runs;

public sealed record StartRunResult(bool Started, string RunId);

/// <summary>What started a run, by wire name (the run record's <c>trigger</c>).</summary>
public static class RunTriggers
{
    /// <summary>The nightly timer: one run per tenant and day (<c>sync-{tenant}-{yyyyMMdd}</c>).</summary>
    public const string Timer = "timer";

    /// <summary><c>POST /api/runs</c>.</summary>
    public const string Api = "api";
}

/// <summary>
/// Starts a run for the tenant unless one is running: the run lease in storage makes that hold across instances.
/// Timer runs have the id <c>sync-{tenant}-{yyyyMMdd}</c>; runs started over HTTP <c>run-{yyyyMMddTHHmmss}-{suffix}</c>.
/// </summary>
public sealed class RunStarter(RunRepository runs, TenantDirectory directory, Microsoft.Extensions.Options.IOptions<RunSettings> settings, TimeProvider clock)
{
    private static readonly TimeSpan StartGracePeriod = TimeSpan.FromMinutes(2);

    /// <summary>
    /// The timer's work: a run for every enabled tenant (the default one first). Each tenant has its own run id and
    /// lease; a tenant whose start fails (its registry row unreadable, a lease race) is logged and the others start.
    /// </summary>
    public Task<IReadOnlyList<StartRunResult>> StartAllAsync(IOrchestrationPort port, string trigger, Action<string, Exception> onFailure, CancellationToken cancellationToken) =>
        // A registry tenant with its own schedule is started by the schedule tick instead (StartScheduledAsync).
        StartEachAsync(t => t.IsDefault || t.Schedule is null, async tenant => (StartRunResult?)await StartAsync(port, trigger, tenant, cancellationToken), onFailure, cancellationToken);

    /// <summary>
    /// The schedule tick's work: a run of every enabled registry tenant whose own schedule came due within the last
    /// <see cref="TenantSchedule.Window"/> (its run id names the occurrence, so a second tick never starts it twice).
    /// </summary>
    public Task<IReadOnlyList<StartRunResult>> StartScheduledAsync(IOrchestrationPort port, Action<string, Exception> onFailure, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return StartEachAsync(t => !t.IsDefault && t.Schedule is not null, async tenant =>
            TenantSchedule.DueOccurrence(tenant.Schedule!, now) is { } occurrence
                ? await StartAsync(port, RunTriggers.Timer, tenant, cancellationToken, occurrence)
                : null, onFailure, cancellationToken);
    }

    /// <summary>Starts each enabled tenant <paramref name="chosen"/> names; one whose start throws is reported and the others go on.</summary>
    private async Task<IReadOnlyList<StartRunResult>> StartEachAsync(Func<TenantRecord, bool> chosen, Func<TenantRecord, Task<StartRunResult?>> start,
        Action<string, Exception> onFailure, CancellationToken cancellationToken)
    {
        var results = new List<StartRunResult>();
        foreach (var tenant in (await directory.ListAsync(cancellationToken)).Where(t => t.Enabled && chosen(t)))
        {
            try
            {
                if (await start(tenant) is { } result)
                {
                    results.Add(result);
                }
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                onFailure(tenant.Id, ex);
            }
        }

        return results;
    }

    /// <summary>Starts a run of the default tenant.</summary>
    public Task<StartRunResult> StartAsync(IOrchestrationPort port, string trigger, CancellationToken cancellationToken) =>
        StartAsync(port, trigger, directory.Default, cancellationToken);

    /// <summary>Starts a run of <paramref name="tenantRecord"/>, collecting its sources (<see cref="TenantDirectory.RunSources"/>).</summary>
    /// <param name="occurrence">A tenant schedule's occurrence the run is for (its id then names the minute, not the day).</param>
    public async Task<StartRunResult> StartAsync(IOrchestrationPort port, string trigger, TenantRecord tenantRecord, CancellationToken cancellationToken, DateTimeOffset? occurrence = null)
    {
        var tenant = tenantRecord.Id;
        var now = clock.GetUtcNow();
        var runId = trigger == RunTriggers.Timer
            ? occurrence is { } at ? $"sync-{tenant}-{at.ToString("yyyyMMddHHmm", CultureInfo.InvariantCulture)}" : $"sync-{tenant}-{now:yyyyMMdd}"
            : $"run-{now.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..4]}";
        if (trigger == RunTriggers.Timer && await runs.GetAsync(tenant, runId, cancellationToken) is not null)
        {
            // The timer fired again on a day that already has its run (a restart, a second instance).
            return new StartRunResult(false, runId);
        }

        await FailLostRunsAsync(tenant, port, now, cancellationToken);

        // The record exists before the lease is taken, so a concurrent start always finds the holder's record.
        var record = new RunRecord { RunId = runId, Tenant = tenant, Status = RunStatus.Pending, Trigger = trigger, CreatedAt = now };
        await runs.SaveAsync(record, cancellationToken);

        // The holder is still running while its record is unfinished and its orchestration is pending or running.
        // Once CompleteRun has recorded the end only SendAlerts remains, which may overlap the next run; an
        // orchestration that died without recording its end does not block the tenant either, nor does a start
        // that crashed before its orchestration existed (after a grace period for starts under way).
        var (acquired, heldBy) = await runs.TryAcquireLeaseAsync(tenant, runId, async holder =>
            await runs.GetAsync(tenant, holder, cancellationToken) is { } held && !RunStatus.IsFinished(held.Status) &&
            (await port.GetAsync(holder, cancellationToken) is { } orchestration
                ? !orchestration.IsFinished
                : held.CreatedAt > now - StartGracePeriod), cancellationToken);
        if (!acquired)
        {
            await runs.DeleteAsync(record, cancellationToken);
            return new StartRunResult(false, heldBy ?? runId);
        }

        var started = await port.StartAsync(nameof(SyncAndReconcileOrchestration), runId, new RunInput(tenant, runId, trigger, directory.RunSources(tenantRecord), settings.Value.MaxConcurrentTenants, settings.Value.SlotWaitSeconds), cancellationToken);
        return new StartRunResult(started, runId);
    }

    /// <summary>
    /// Runs left unfinished by an orchestration that no longer exists (storage lost its history, or the host died
    /// before the orchestration was created) or that ended without recording the end (terminated, or failed in
    /// CompleteRun itself): each is marked failed with the reason, so no run stays "running" forever.
    /// </summary>
    private async Task FailLostRunsAsync(string tenant, IOrchestrationPort port, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var run in await runs.ListAllAsync(tenant, cancellationToken))
        {
            if (RunStatus.IsFinished(run.Status) || run.CreatedAt > now - StartGracePeriod)
            {
                continue;
            }

            var orchestration = await port.GetAsync(run.RunId, cancellationToken);
            if (orchestration is { IsFinished: false })
            {
                continue;
            }

            var reason = orchestration is null
                ? "its orchestration was lost (no durable history: storage was reset, or the host stopped before the run began); start a new run"
                : $"its orchestration ended ({orchestration.State}) without recording the run's end; start a new run";
            await runs.SaveAsync(run with { Status = RunStatus.Failed, Error = reason, CompletedAt = now }, cancellationToken);
        }
    }
}
