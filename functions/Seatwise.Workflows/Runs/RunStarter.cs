using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

public sealed record StartRunResult(bool Started, string RunId);

/// <summary>
/// Starts a run for the tenant unless one is running: the run lease in storage makes that hold across instances.
/// Timer runs have the id <c>sync-{tenant}-{yyyyMMdd}</c>; runs started over HTTP <c>run-{yyyyMMddTHHmmss}-{suffix}</c>.
/// </summary>
public sealed class RunStarter(RunRepository runs, IOptions<SeatwiseOptions> options, IConfiguration configuration, TimeProvider clock)
{
    public static readonly IReadOnlyList<string> KnownSources = ["graph", "github", "slack", "zoom", "atlassian", "salesforce", "csv"];

    /// <summary>Sources of this run: <c>Sources__{name}__Enabled</c>; graph is on unless turned off, the others off unless turned on.</summary>
    public IReadOnlyList<string> EnabledSources() =>
        [.. KnownSources.Where(s => bool.TryParse(configuration[$"Sources:{s}:Enabled"], out var on) ? on : s == "graph")];

    public async Task<StartRunResult> StartAsync(IOrchestrationPort port, string trigger, CancellationToken cancellationToken)
    {
        var tenant = options.Value.TenantId;
        var now = clock.GetUtcNow();
        var runId = trigger == "timer"
            ? $"sync-{tenant}-{now:yyyyMMdd}"
            : $"run-{now.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture)}-{Guid.NewGuid().ToString("N")[..4]}";
        var (acquired, heldBy) = await runs.TryAcquireLeaseAsync(tenant, runId, async holder =>
            await port.GetAsync(holder, cancellationToken) is { IsFinished: false }, cancellationToken);
        if (!acquired)
        {
            return new StartRunResult(false, heldBy ?? runId);
        }

        await runs.SaveAsync(new RunRecord { RunId = runId, Tenant = tenant, Status = RunStatus.Pending, Trigger = trigger, CreatedAt = now }, cancellationToken);
        var started = await port.StartAsync(nameof(SyncAndReconcileOrchestration), runId, new RunInput(tenant, runId, trigger, EnabledSources()), cancellationToken);
        return new StartRunResult(started, runId);
    }
}
