using System.Diagnostics;
using Seatwise.Local;
using Seatwise.Local.Azurite;

namespace Seatwise.Integration.Tests.Hosting;

public sealed class AzuriteLauncherTests
{
    private const long GiB = 1024L * 1024 * 1024;

    [Theory]
    [InlineData(4, 4096)]     // never below Node's usual default
    [InlineData(24, 12_288)]  // half the machine
    [InlineData(64, 16_384)]  // capped
    public void NodesHeap_IsHalfTheMachine_BetweenFourAndSixteenGigabytes(long machine, int megabytes) =>
        Assert.Equal(megabytes, AzuriteLauncher.HeapMegabytes(machine * GiB));

    [Fact]
    public async Task AzuriteDyingAfterItStarted_IsReported_ButStoppingItIsNot()
    {
        var messages = new List<string>();
        var reported = new TaskCompletionSource();
        void Progress(string line)
        {
            lock (messages)
            {
                messages.Add(line);
            }

            if (line.StartsWith("Azurite stopped unexpectedly", StringComparison.Ordinal))
            {
                reported.TrySetResult();
            }
        }

        await using (var stopped = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Progress, CancellationToken.None))
        {
            // Disposed below: an orderly stop says nothing.
        }

        await using var killed = await AzuriteLauncher.StartAsync(AzuritePorts.Free(), null, Progress, CancellationToken.None);
        using (var process = Process.GetProcessById(killed.ProcessId))
        {
            process.Kill();
        }

        await reported.Task.WaitAsync(TimeSpan.FromSeconds(30));
        lock (messages)
        {
            var report = Assert.Single(messages, m => m.StartsWith("Azurite stopped unexpectedly", StringComparison.Ordinal));
            Assert.Contains("Storage is unavailable until Seatwise is started again", report, StringComparison.Ordinal);
        }
    }
}

public sealed class AzuriteFolderTests
{
    [Theory]
    [InlineData(false, 100_000, true)]
    [InlineData(true, 500, true)]
    [InlineData(true, LocalHostSettings.LargestDemoOnDisk, true)]
    [InlineData(true, LocalHostSettings.LargestDemoOnDisk + 1, false)]
    public void DemosTooLargeForAzuritesDiskFormat_RunInMemory(bool demo, int users, bool onDisk)
    {
        var settings = new LocalHostSettings { Demo = demo, DemoUsers = users };

        Assert.Equal(onDisk ? Path.Combine("repo", ".seatwise", "azurite") : null, settings.AzuriteFolder("repo"));
    }
}
