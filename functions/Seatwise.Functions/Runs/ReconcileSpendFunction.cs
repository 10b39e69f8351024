using Microsoft.Azure.Functions.Worker;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="ReconcileSpend"/>: hands its input to the shared activity class.</summary>
public sealed class ReconcileSpendFunction(ReconcileSpend activity)
{
    [Function(nameof(ReconcileSpend))]
    public Task<StepOutcome> Run([ActivityTrigger] TenantStepInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
