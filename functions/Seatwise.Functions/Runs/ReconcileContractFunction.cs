using Microsoft.Azure.Functions.Worker;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="ReconcileContract"/>: hands its input to the shared activity class.</summary>
public sealed class ReconcileContractFunction(ReconcileContract activity)
{
    [Function(nameof(ReconcileContract))]
    public Task<ContractOutcome> Run([ActivityTrigger] ReconcileContractInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
