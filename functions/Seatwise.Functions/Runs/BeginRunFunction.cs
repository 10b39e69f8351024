using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="BeginRun"/>: hands its input to the shared activity class.</summary>
public sealed class BeginRunFunction(BeginRun activity)
{
    [Function(nameof(BeginRun))]
    public Task<bool> Run([ActivityTrigger] BeginRunInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
