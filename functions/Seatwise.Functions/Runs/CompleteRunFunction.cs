using Microsoft.Azure.Functions.Worker;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="CompleteRun"/>: hands its input to the shared activity class.</summary>
public sealed class CompleteRunFunction(CompleteRun activity)
{
    [Function(nameof(CompleteRun))]
    public Task<RunRecord> Run([ActivityTrigger] CompleteRunInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
