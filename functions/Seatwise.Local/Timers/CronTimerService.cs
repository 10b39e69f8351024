using Cronos;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Local.Timers;

/// <summary>
/// Fires the registry's timers on their NCRONTAB schedules (six fields, seconds first, as in Azure Functions),
/// read from the same settings the Functions app uses. A timer only starts an orchestration.
/// </summary>
internal sealed class CronTimerService(IServiceProvider services, IConfiguration configuration, TimeProvider clock, ILogger<CronTimerService> logger) : BackgroundService
{
    private static readonly TimeSpan MaxWait = TimeSpan.FromDays(1);

    public static CronExpression ParseSchedule(TimerRegistration timer, IConfiguration configuration)
    {
        var text = configuration[timer.ScheduleKey] ?? timer.DefaultSchedule;
        try
        {
            return CronExpression.Parse(text, CronFormat.IncludeSeconds);
        }
        catch (CronFormatException ex)
        {
            throw new InvalidOperationException($"{Schedules.SettingName(timer.ScheduleKey)} is not a valid NCRONTAB schedule ('{text}'): {ex.Message}", ex);
        }
    }

    /// <summary>The timers this host runs (the host-parity test reads them from here).</summary>
    public IReadOnlyList<TimerRegistration> Timers { get; } = WorkflowRegistry.Timers;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Timers.Select(t => RunTimerAsync(t, ParseSchedule(t, configuration), stoppingToken)));

    private async Task RunTimerAsync(TimerRegistration timer, CronExpression schedule, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow();
            var next = schedule.GetNextOccurrence(now, TimeZoneInfo.Utc);
            if (next is null)
            {
                return;
            }

            logger.LogInformation("Timer {Timer} next fires at {Next:u}", timer.Name, next.Value);
            // Task.Delay takes at most about 49.7 days, and a yearly schedule waits longer: wait in steps.
            for (var wait = next.Value - now; wait > TimeSpan.Zero; wait = next.Value - clock.GetUtcNow())
            {
                await Task.Delay(wait < MaxWait ? wait : MaxWait, clock, stoppingToken);
            }

            try
            {
                await timer.Fire(services, services.GetRequiredService<IOrchestrationPort>(), stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Timer {Timer} failed to start its work", timer.Name);
            }
        }
    }
}
