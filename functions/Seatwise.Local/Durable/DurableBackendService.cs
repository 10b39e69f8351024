namespace Seatwise.Local.Durable;

/// <summary>
/// Starts the durable backend in the background and keeps trying while storage is unreachable, so the HTTP API
/// (health included) answers from the first second and the host needs no babysitting when storage comes back.
/// </summary>
internal sealed class DurableBackendService(LocalDurableBackend backend, ILogger<DurableBackendService> logger) : BackgroundService
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the worker is running.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await backend.StartAsync(stoppingToken);
                _ready.TrySetResult();
                return;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Durable Task worker could not start ({Reason}); retrying in {Delay} s", ex.GetBaseException().Message, delay.TotalSeconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromSeconds(Math.Min(delay.TotalSeconds * 2, 30));
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await backend.StopAsync();
    }
}
