using Seatwise.Storage.Contracts;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>The contract ids to reconcile (ids only: each reconciliation reads its own contract).</summary>
public sealed class LoadContracts(ContractRepository contracts) : IActivity<string, List<ContractRef>>
{
    public async Task<List<ContractRef>> RunAsync(string input, CancellationToken cancellationToken) =>
        [.. (await contracts.ListAllAsync(input, cancellationToken)).OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => new ContractRef(c.Id, c.Source))];
}
