using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Durable;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Integration.Tests.Hosting;

[Collection(AzuriteCollection.Name)]
public sealed class DurableBackendTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task SelfTestOrchestration_FansOutOnAzureStorageBackend_CompletesWithSumOfSquares()
    {
        await using var host = await TestHosts.StartAsync(azurite, s => s.ConfigureServices = SelfTestOrchestration.Registrations);
        await host.DurableReady.WaitAsync(TimeSpan.FromSeconds(60));

        var started = await host.Orchestrations.StartAsync(nameof(SelfTestOrchestration), "selftest-1", 20, CancellationToken.None);
        var snapshot = await WaitForFinishAsync(host.Orchestrations, "selftest-1");

        Assert.True(started);
        Assert.Equal(OrchestrationState.Completed, snapshot.State);
        var result = snapshot.ReadOutput<SelfTestResult>();
        Assert.NotNull(result);
        Assert.Equal(20, result.Steps);
        // 1² + 2² + ... + 20² = 20·21·41 / 6 = 2870
        Assert.Equal(2870, result.Sum);
    }

    [Fact]
    public void FastRecovery_LeavesALateActivityRenewalTwentySeconds_AndStillRecoversACrashedActivityWithinAMinute()
    {
        var settings = LocalDurableBackend.Settings(new LocalDurableOptions());
        var visibility = settings.WorkItemQueueVisibilityTimeout;
        // The dispatcher checks every 5 s and renews once less than the lead is left: the time a renewal may be
        // late before another worker sees the message is what is left at the check that renews it, minus 5 s.
        var renewsWith = visibility <= LocalDurableBackend.ActivityRenewalLead ? visibility : LocalDurableBackend.ActivityRenewalLead;
        var slack = renewsWith - TimeSpan.FromSeconds(5);

        Assert.True(slack >= TimeSpan.FromSeconds(20), $"a renewal may be {slack.TotalSeconds} s late before the activity runs twice");
        Assert.True(visibility <= TimeSpan.FromMinutes(1), $"a crashed host's activity comes back after {visibility.TotalSeconds} s");
        Assert.Equal(TimeSpan.FromSeconds(10), settings.ControlQueueVisibilityTimeout);
    }

    [Fact]
    public async Task Start_SameInstanceWhileRunning_IsRefused()
    {
        await using var host = await TestHosts.StartAsync(azurite, s => s.ConfigureServices = SelfTestOrchestration.Registrations);
        await host.DurableReady.WaitAsync(TimeSpan.FromSeconds(60));

        var first = await host.Orchestrations.StartAsync(nameof(SelfTestOrchestration), "selftest-dup", 50, CancellationToken.None);
        var second = await host.Orchestrations.StartAsync(nameof(SelfTestOrchestration), "selftest-dup", 50, CancellationToken.None);
        var snapshot = await WaitForFinishAsync(host.Orchestrations, "selftest-dup");

        Assert.True(first);
        Assert.False(second);
        Assert.Equal(OrchestrationState.Completed, snapshot.State);
    }

    [Fact]
    public async Task Get_UnknownInstance_ReturnsNull()
    {
        await using var host = await TestHosts.StartAsync(azurite, s => s.ConfigureServices = SelfTestOrchestration.Registrations);
        await host.DurableReady.WaitAsync(TimeSpan.FromSeconds(60));

        var snapshot = await host.Orchestrations.GetAsync("no-such-instance", CancellationToken.None);

        Assert.Null(snapshot);
    }

    public static async Task<OrchestrationSnapshot> WaitForFinishAsync(IOrchestrationPort port, string instanceId, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (DateTime.UtcNow < deadline)
        {
            var snapshot = await port.GetAsync(instanceId, CancellationToken.None);
            if (snapshot is { IsFinished: true })
            {
                return snapshot;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Orchestration {instanceId} did not finish within {timeoutSeconds} s.");
    }
}
