using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>The local host's timers on schedules users write.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TimerTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("0 0 0 29 2 *")]  // 29 February: up to four years away
    [InlineData("0 0 3 1 7 *")]   // once a year, months away
    public async Task Timer_ScheduleMoreThan49DaysAway_HostStartsAndServes(string schedule)
    {
        // Task.Delay takes at most about 49.7 days; a longer wait used to throw and stop the whole host.
        await using var host = await TestHosts.StartAsync(azurite, s =>
        {
            s.EnableTimers = true;
            s.Settings[Schedules.SyncKey] = schedule;
            s.Settings[Schedules.DigestKey] = schedule;
        });
        using var client = TestHosts.Client(host);
        await Task.Delay(TimeSpan.FromSeconds(1));

        var health = await client.GetAsync(new Uri("api/health", UriKind.Relative));
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        Assert.False(lifetime.ApplicationStopping.IsCancellationRequested, "the host is stopping: a timer failed");
        Assert.True(health.IsSuccessStatusCode, $"health answered {(int)health.StatusCode}");
    }
}
