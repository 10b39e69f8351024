using Microsoft.DurableTask;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Alerts;
using Seatwise.Workflows.Reclaim;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows.Hosting;

/// <summary>
/// The one list of orchestrations, activities and timers. Both hosts register from it (the local host directly,
/// the Functions app through one [Function] class per entry), and a test checks the Functions app's generated
/// metadata against it, so nothing can exist in one host only.
/// </summary>
public static class WorkflowRegistry
{
    public static IReadOnlyList<OrchestratorRegistration> Orchestrators { get; } =
    [
        OrchestratorRegistration.For<RunInput, RunRecord?>(nameof(SyncAndReconcileOrchestration), SyncAndReconcileOrchestration.RunAsync),
        OrchestratorRegistration.For<ReclaimPhaseInput, ReclaimPhaseOutcome>(nameof(ReclaimOrchestration), ReclaimOrchestration.RunAsync),
    ];

    public static IReadOnlyList<ActivityRegistration> Activities { get; } =
    [
        ActivityRegistration.For<TakeRunSlot, RunSlotInput, bool>(nameof(TakeRunSlot)),
        ActivityRegistration.For<BeginRun, BeginRunInput, bool>(nameof(BeginRun)),
        ActivityRegistration.For<CollectSource, CollectSourceInput, SourceOutcome>(nameof(CollectSource)),
        ActivityRegistration.For<LoadContracts, string, List<ContractRef>>(nameof(LoadContracts)),
        ActivityRegistration.For<ReconcileContract, ReconcileContractInput, ContractOutcome>(nameof(ReconcileContract)),
        ActivityRegistration.For<ReconcileTenant, TenantStepInput, StepOutcome>(nameof(ReconcileTenant)),
        ActivityRegistration.For<ReconcileApps, TenantStepInput, StepOutcome>(nameof(ReconcileApps)),
        ActivityRegistration.For<ReconcileSpend, TenantStepInput, StepOutcome>(nameof(ReconcileSpend)),
        ActivityRegistration.For<CompleteRun, CompleteRunInput, RunRecord>(nameof(CompleteRun)),
        ActivityRegistration.For<ExportFocus, ExportFocusInput, ExportFocusOutcome>(nameof(ExportFocus)),
        ActivityRegistration.For<SendAlerts, SendAlertsInput, AlertOutcome>(nameof(SendAlerts)),
        ActivityRegistration.For<BeginReclaim, ReclaimPhaseInput, ReclaimTargets>(nameof(BeginReclaim)),
        ActivityRegistration.For<SendReclaimNotices, ReclaimNoticeInput, ReclaimBatchOutcome>(nameof(SendReclaimNotices)),
        ActivityRegistration.For<ApplyReclaimBatch, ReclaimBatchInput, ReclaimBatchOutcome>(nameof(ApplyReclaimBatch)),
        ActivityRegistration.For<CompleteReclaim, CompleteReclaimInput, ReclaimPhaseOutcome>(nameof(CompleteReclaim)),
    ];

    public static IReadOnlyList<TimerRegistration> Timers { get; } =
    [
        new(TimerNames.InventorySync, Schedules.SyncKey, Schedules.DefaultSync, (services, port, ct) =>
            services.GetRequiredService<RunStarter>().StartAllAsync(port, RunTriggers.Timer, (tenant, ex) =>
                services.GetRequiredService<ILoggerFactory>().CreateLogger(TimerNames.InventorySync).LogError(ex, "The run of tenant {Tenant} could not start", tenant), ct)),
        new(TimerNames.TenantSchedules, Schedules.TenantTickKey, Schedules.DefaultTenantTick, (services, port, ct) =>
            services.GetRequiredService<RunStarter>().StartScheduledAsync(port, (tenant, ex) =>
                services.GetRequiredService<ILoggerFactory>().CreateLogger(TimerNames.TenantSchedules).LogError(ex, "The scheduled run of tenant {Tenant} could not start", tenant), ct)),
        new(TimerNames.WeeklyDigest, Schedules.DigestKey, Schedules.DefaultDigest, (services, _, ct) =>
            services.GetRequiredService<WeeklyDigestSender>().SendAsync(ct)),
    ];

    public static TimerRegistration Timer(string name) =>
        Timers.FirstOrDefault(t => t.Name == name) ?? throw new KeyNotFoundException($"No timer named {name}.");
}

/// <summary>The timers' function names, shared by the registry and the Functions app's [Function] attributes.</summary>
public static class TimerNames
{
    public const string InventorySync = "InventorySyncTimer";
    public const string WeeklyDigest = "WeeklyDigestTimer";
    public const string TenantSchedules = "TenantScheduleTimer";
}

/// <summary>An orchestrator written against <see cref="TaskOrchestrationContext"/>, known by name.</summary>
public sealed record OrchestratorRegistration(string Name, Func<ITaskOrchestrator> Factory)
{
    public static OrchestratorRegistration For<TInput, TOutput>(
        string name, Func<TaskOrchestrationContext, TInput, Task<TOutput>> run) =>
        new(name, () => FuncTaskOrchestrator.Create<TInput, TOutput>(async (context, input) => await run(context, input!)));
}

/// <summary>
/// An activity: a plain class resolved from DI with one <c>RunAsync</c>, so the Functions app can call it from an
/// [ActivityTrigger] and the local host can wrap it for the Durable Task Framework.
/// </summary>
public sealed record ActivityRegistration(string Name, Type ActivityType, Func<IServiceProvider, ITaskActivity> Factory)
{
    public static ActivityRegistration For<TActivity, TInput, TOutput>(string name)
        where TActivity : class, IActivity<TInput, TOutput> =>
        new(name, typeof(TActivity), services => FuncTaskActivity.Create<TInput, TOutput>(async (context, input) =>
        {
            var activity = services.GetRequiredService<TActivity>();
            return await activity.RunAsync(input!, CancellationToken.None);
        }));
}

/// <summary>
/// A timer: its schedule comes from a configuration key (<see cref="Schedules"/>; NCRONTAB with seconds), its work
/// (written once, here) starts an orchestration through the host's port or sends the digest.
/// </summary>
public sealed record TimerRegistration(string Name, string ScheduleKey, string DefaultSchedule, Func<IServiceProvider, IOrchestrationPort, CancellationToken, Task> Fire)
{
    /// <summary>The binding expression the Functions app's trigger must carry for this timer.</summary>
    public string BindingExpression => "%" + ScheduleKey + "%";
}

public interface IActivity<in TInput, TOutput>
{
    Task<TOutput> RunAsync(TInput input, CancellationToken cancellationToken);
}
