using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows.Tests.Runs;

/// <summary>
/// The orchestrator's branches with canned activity results: which activities it calls with what, and what it
/// hands CompleteRun when a source, a contract, a tenant-wide step or the alerts fail. The same orchestrator runs
/// end to end on the durable backend in the integration tests.
/// </summary>
public sealed class SyncAndReconcileOrchestrationTests
{
    private static readonly DateTime Now = new(2026, 6, 15, 2, 0, 0, DateTimeKind.Utc);
    private static readonly RunInput Input = new("contoso", "run-1", RunTriggers.Api, [SourceNames.Graph, SourceNames.Zoom]);

    /// <summary>Every activity succeeds; a test replaces the answers it is about.</summary>
    private static CannedOrchestrationContext Healthy() => new CannedOrchestrationContext(Now)
        .On<BeginRunInput>(nameof(BeginRun), _ => true)
        .On<CollectSourceInput>(nameof(CollectSource), i => new SourceOutcome { Source = i.Source, Status = SourceStatus.Ok, Seats = 10 })
        .On<string>(nameof(LoadContracts), _ => new List<ContractRef> { new("m365-e5", SourceNames.Graph), new("zoom", SourceNames.Zoom), new("slack", SourceNames.Slack) })
        .On<ReconcileContractInput>(nameof(ReconcileContract), i => new ContractOutcome { ContractId = i.ContractId, Status = ContractStatus.Ok })
        .On<TenantStepInput>(nameof(ReconcileTenant), _ => new StepOutcome { Step = RunSteps.Tenant, Status = StepStatus.Ok })
        .On<TenantStepInput>(nameof(ReconcileApps), _ => new StepOutcome { Step = RunSteps.Apps, Status = StepStatus.Ok })
        .On<TenantStepInput>(nameof(ReconcileSpend), _ => new StepOutcome { Step = RunSteps.Spend, Status = StepStatus.Ok })
        .On<CompleteRunInput>(nameof(CompleteRun), i => new RunRecord
        {
            RunId = i.RunId, Tenant = i.Tenant, Trigger = RunTriggers.Api, CreatedAt = Now,
            Status = i.Error is null ? RunStatus.Completed : RunStatus.Failed, Error = i.Error,
        })
        .On<ExportFocusInput>(nameof(ExportFocus), _ => new ExportFocusOutcome("written", "ingestion/Costs/2026/06/seatwise/contoso/run-1__seatwise.parquet", 3))
        .On<SendAlertsInput>(nameof(SendAlerts), _ => new AlertOutcome { Status = AlertStatus.Sent });

    private static CompleteRunInput Completed(CannedOrchestrationContext context) =>
        (CompleteRunInput)context.Calls.Single(c => c.Activity == nameof(CompleteRun)).Input!;

    [Fact]
    public async Task AllStepsSucceed_CallsEveryStepOnce_AndCompletesWithBothTenantSteps()
    {
        var context = Healthy();

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input);

        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Equal(nameof(BeginRun), context.Calls[0].Activity);
        Assert.Equal(2, context.Calls.Count(c => c.Activity == nameof(CollectSource)));
        Assert.Equal(3, context.Calls.Count(c => c.Activity == nameof(ReconcileContract)));
        Assert.Equal(nameof(SendAlerts), context.Calls[^1].Activity);
        var completed = Completed(context);
        Assert.Null(completed.Error);
        Assert.Equal([RunSteps.Tenant, RunSteps.Apps, RunSteps.Spend], completed.Steps.Select(s => s.Step));
        Assert.All(completed.Steps, s => Assert.Equal(StepStatus.Ok, s.Status));
        Assert.Equal(new DateTimeOffset(Now), completed.RunAt);
    }

    [Fact]
    public async Task WithRunSlots_TheRunWaitsOnATimerUntilOneIsFree_ThenRunsAtThatInstant()
    {
        var answers = new Queue<bool>([false, false, true]);
        var context = Healthy().On<RunSlotInput>(nameof(TakeRunSlot), _ => answers.Dequeue());

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input with { RunSlots = 2, SlotWaitSeconds = 30 });

        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Equal([nameof(TakeRunSlot), "timer", nameof(TakeRunSlot), "timer", nameof(TakeRunSlot), nameof(BeginRun)], context.Calls.Take(6).Select(c => c.Activity));
        Assert.Equal([Now.AddSeconds(30), Now.AddSeconds(60)], context.Timers);
        Assert.Equal(2, ((RunSlotInput)context.Calls[0].Input!).Slots);
        // The rules are judged when the run got its slot, not when it was queued.
        Assert.Equal(new DateTimeOffset(Now.AddSeconds(60)), Completed(context).RunAt);
    }

    [Fact]
    public async Task WithRunSlots_NeverFree_TheRunFailsAfterTheLongestWait_NamingTheSetting()
    {
        var context = Healthy().On<RunSlotInput>(nameof(TakeRunSlot), _ => false);

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input with { RunSlots = 1, SlotWaitSeconds = 600 });

        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Contains("Runs__MaxConcurrentTenants", Completed(context).Error, StringComparison.Ordinal);
        Assert.DoesNotContain(context.Calls, c => c.Activity == nameof(BeginRun));
        Assert.Equal(RunSettings.MaxSlotWaitHours * 6, context.Timers.Count);
    }

    [Fact]
    public async Task WithoutRunSlots_NoSlotIsAskedFor()
    {
        var context = Healthy();

        await SyncAndReconcileOrchestration.RunAsync(context, Input);

        Assert.DoesNotContain(context.Calls, c => c.Activity == nameof(TakeRunSlot));
    }

    [Fact]
    public async Task AppsAndSpendComeAfterEveryContract_BecauseTheyReadThisRunsPositions()
    {
        var context = Healthy();

        await SyncAndReconcileOrchestration.RunAsync(context, Input);

        var names = context.Calls.Select(c => c.Activity).ToList();
        Assert.True(names.IndexOf(nameof(ReconcileApps)) > names.LastIndexOf(nameof(ReconcileContract)));
        Assert.True(names.IndexOf(nameof(ReconcileSpend)) > names.LastIndexOf(nameof(ReconcileContract)));
        Assert.True(names.IndexOf(nameof(CompleteRun)) > names.IndexOf(nameof(ReconcileTenant)));
    }

    [Fact]
    public async Task EachContract_GetsOnlyItsOwnSourceAndGraph()
    {
        var context = Healthy();

        await SyncAndReconcileOrchestration.RunAsync(context, Input with { Sources = [SourceNames.Graph, SourceNames.Zoom, SourceNames.Slack] });

        var zoom = context.Calls.Select(c => c.Input).OfType<ReconcileContractInput>().Single(i => i.ContractId == "zoom");
        var graph = context.Calls.Select(c => c.Input).OfType<ReconcileContractInput>().Single(i => i.ContractId == "m365-e5");
        Assert.Equal([SourceNames.Graph, SourceNames.Zoom], zoom.Sources.Select(s => s.Source));
        Assert.Equal([SourceNames.Graph], graph.Sources.Select(s => s.Source));
    }

    [Fact]
    public async Task SourceFails_RunGoesOn_AndCompleteRunGetsTheFailure()
    {
        var context = Healthy().On<CollectSourceInput>(nameof(CollectSource), i => i.Source == SourceNames.Zoom
            ? throw CannedOrchestrationContext.Fail(nameof(CollectSource), "zoom answered 401")
            : new SourceOutcome { Source = i.Source, Status = SourceStatus.Ok });

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input);

        var zoom = Completed(context).Sources.Single(s => s.Source == SourceNames.Zoom);
        Assert.Equal(SourceStatus.Failed, zoom.Status);
        Assert.Equal("zoom answered 401", zoom.Error);
        Assert.Equal(3, context.Calls.Count(c => c.Activity == nameof(ReconcileContract)));
        Assert.Null(Completed(context).Error);
        Assert.Equal(RunStatus.Completed, run!.Status);
    }

    [Fact]
    public async Task ContractFails_OthersStillReconcile_AndItIsMarkedFailed()
    {
        var context = Healthy().On<ReconcileContractInput>(nameof(ReconcileContract), i => i.ContractId == "zoom"
            ? throw CannedOrchestrationContext.Fail(nameof(ReconcileContract), "decimal overflow")
            : new ContractOutcome { ContractId = i.ContractId, Status = ContractStatus.Ok });

        await SyncAndReconcileOrchestration.RunAsync(context, Input);

        var contracts = Completed(context).Contracts.ToDictionary(c => c.ContractId, c => c.Status);
        Assert.Equal(ContractStatus.Failed, contracts["zoom"]);
        Assert.Equal(ContractStatus.Ok, contracts["m365-e5"]);
        Assert.Equal(ContractStatus.Ok, contracts["slack"]);
        Assert.Contains(context.Calls, c => c.Activity == nameof(ReconcileApps));
    }

    [Theory]
    [InlineData(nameof(ReconcileTenant), RunSteps.Tenant)]
    [InlineData(nameof(ReconcileApps), RunSteps.Apps)]
    [InlineData(nameof(ReconcileSpend), RunSteps.Spend)]
    public async Task TenantWideStepFails_RunCompletes_WithThatStepFailed(string activity, string step)
    {
        var context = Healthy().On<TenantStepInput>(activity, _ => throw CannedOrchestrationContext.Fail(activity, "storage timeout"));

        await SyncAndReconcileOrchestration.RunAsync(context, Input);

        var completed = Completed(context);
        Assert.Null(completed.Error);
        var failed = Assert.Single(completed.Steps, s => s.Status == StepStatus.Failed);
        Assert.Equal(step, failed.Step);
        Assert.Equal("storage timeout", failed.Error);
        Assert.Contains(context.Calls, c => c.Activity == nameof(SendAlerts));
    }

    [Fact]
    public async Task AlertsFail_RunStillReturnsItsRecord()
    {
        var context = Healthy().On<SendAlertsInput>(nameof(SendAlerts), _ => throw CannedOrchestrationContext.Fail(nameof(SendAlerts), "webhook 500"));

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input);

        Assert.Equal(RunStatus.Completed, run!.Status);
        Assert.Single(context.Calls, c => c.Activity == nameof(CompleteRun));
    }

    [Fact]
    public async Task TheFocusExport_FollowsTheCompletedRun_AndItsFailure_LeavesTheRunAndItsAlerts()
    {
        var context = Healthy().On<ExportFocusInput>(nameof(ExportFocus), _ => throw CannedOrchestrationContext.Fail(nameof(ExportFocus), "hub account unreachable"));

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input);

        Assert.Equal(RunStatus.Completed, run!.Status);
        var activities = context.Calls.Select(c => c.Activity).ToList();
        Assert.Equal([nameof(CompleteRun), nameof(ExportFocus), nameof(SendAlerts)], activities[^3..]);
        Assert.Equal(new DateTimeOffset(Now), ((ExportFocusInput)context.Calls.Single(c => c.Activity == nameof(ExportFocus)).Input!).RunAt);
    }

    [Fact]
    public async Task LoadingContractsFails_RunIsRecordedFailed_WithTheError_AndNoAlerts()
    {
        var context = Healthy().On<string>(nameof(LoadContracts), _ => throw CannedOrchestrationContext.Fail(nameof(LoadContracts), "table not reachable"));

        var run = await SyncAndReconcileOrchestration.RunAsync(context, Input);

        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.Equal("table not reachable", Completed(context).Error);
        Assert.Equal(2, Completed(context).Sources.Count);
        Assert.DoesNotContain(context.Calls, c => c.Activity == nameof(SendAlerts));
        Assert.DoesNotContain(context.Calls, c => c.Activity == nameof(ExportFocus));
        Assert.DoesNotContain(context.Calls, c => c.Activity == nameof(ReconcileApps));
    }
}
