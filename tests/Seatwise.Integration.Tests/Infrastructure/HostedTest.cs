using Seatwise.Local;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>A test class whose every test gets its own local host (its own tenant and task hub) on the shared Azurite.</summary>
public abstract class HostedTest(AzuriteFixture azurite) : IAsyncLifetime
{
    protected AzuriteFixture Azurite { get; } = azurite;

    protected LocalHost Host { get; private set; } = null!;

    protected HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Host = await TestHosts.StartAsync(Azurite);
        Client = TestHosts.Client(Host);
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
    }
}
