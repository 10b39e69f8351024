using Microsoft.Azure.Functions.Worker;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Functions.Runs;

/// <summary>Activity trigger of <see cref="SendAlerts"/>: hands its input to the shared activity class.</summary>
public sealed class SendAlertsFunction(SendAlerts activity)
{
    [Function(nameof(SendAlerts))]
    public Task<AlertOutcome> Run([ActivityTrigger] SendAlertsInput input, CancellationToken cancellationToken) => activity.RunAsync(input, cancellationToken);
}
