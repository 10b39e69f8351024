using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>The last step of a run. Teams alerts and integration events arrive with the alerts issue; until then it does nothing.</summary>
public sealed class SendAlerts : IActivity<string, bool>
{
    public Task<bool> RunAsync(string input, CancellationToken cancellationToken) => Task.FromResult(false);
}
