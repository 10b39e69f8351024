using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="LoadContracts"/>: hands its input to the shared activity class.</summary>
public sealed class LoadContractsFunction(LoadContracts activity)
{
    [Function(nameof(LoadContracts))]
    public Task<List<ContractRef>> Run([ActivityTrigger] string input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
