using Microsoft.Azure.Functions.Worker;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="CollectSource"/>: hands its input to the shared activity class.</summary>
public sealed class CollectSourceFunction(CollectSource activity)
{
    [Function(nameof(CollectSource))]
    public Task<SourceOutcome> Run([ActivityTrigger] CollectSourceInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
