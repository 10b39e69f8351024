using Microsoft.Azure.Functions.Worker;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

// One trigger per activity of the registration list; each hands its input to the shared activity class.

public sealed class BeginRunFunction(BeginRun activity)
{
    [Function(nameof(BeginRun))]
    public Task<bool> Run([ActivityTrigger] BeginRunInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}

public sealed class CollectSourceFunction(CollectSource activity)
{
    [Function(nameof(CollectSource))]
    public Task<SourceOutcome> Run([ActivityTrigger] CollectSourceInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}

public sealed class LoadContractsFunction(LoadContracts activity)
{
    [Function(nameof(LoadContracts))]
    public Task<List<ContractRef>> Run([ActivityTrigger] string input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}

public sealed class ReconcileContractFunction(ReconcileContract activity)
{
    [Function(nameof(ReconcileContract))]
    public Task<ContractOutcome> Run([ActivityTrigger] ReconcileContractInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}

public sealed class ReconcileAppsFunction(ReconcileApps activity)
{
    [Function(nameof(ReconcileApps))]
    public Task<AppsOutcome> Run([ActivityTrigger] ReconcileAppsInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}

public sealed class CompleteRunFunction(CompleteRun activity)
{
    [Function(nameof(CompleteRun))]
    public Task<RunRecord> Run([ActivityTrigger] CompleteRunInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}

public sealed class SendAlertsFunction(SendAlerts activity)
{
    [Function(nameof(SendAlerts))]
    public Task<AlertOutcome> Run([ActivityTrigger] SendAlertsInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
