using Seatwise.Local;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>Starts the real local host in-process on a free port, against the fixture's Azurite.</summary>
public static class TestHosts
{
    /// <summary>A task hub name nobody else uses (3-45 letters and digits).</summary>
    public static string UniqueHub() => "t" + Guid.NewGuid().ToString("N")[..20];

    public static async Task<LocalHost> StartAsync(AzuriteFixture azurite, Action<LocalHostSettings>? configure = null)
    {
        var settings = new LocalHostSettings { Port = 0, StartAzurite = false, EnableTimers = false };
        settings.Settings["AzureWebJobsStorage"] = azurite.ConnectionString;
        settings.Settings["AzureFunctionsJobHost:extensions:durableTask:hubName"] = UniqueHub();
        settings.Settings["Seatwise:TenantId"] = "t" + Guid.NewGuid().ToString("N")[..12];
        configure?.Invoke(settings);
        return await LocalHost.StartAsync(settings);
    }

    public static HttpClient Client(LocalHost host) => new() { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
}
