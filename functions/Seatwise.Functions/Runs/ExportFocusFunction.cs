using Microsoft.Azure.Functions.Worker;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="ExportFocus"/>: hands its input to the shared activity class.</summary>
public sealed class ExportFocusFunction(ExportFocus activity)
{
    [Function(nameof(ExportFocus))]
    public Task<ExportFocusOutcome> Run([ActivityTrigger] ExportFocusInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
