using Seatwise.Local.Azurite;

namespace Seatwise.Integration.Tests.Infrastructure;

/// <summary>
/// One in-memory Azurite per test run on free ports, so two runs on one machine never collide; tests isolate
/// their data with unique task hubs, table names or partition keys.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    private AzuriteLauncher? _azurite;

    public AzuritePorts Ports { get; private set; } = AzuritePorts.Default;

    public string ConnectionString => Ports.ConnectionString;

    public async Task InitializeAsync()
    {
        Ports = AzuritePorts.Free();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _azurite = await AzuriteLauncher.StartAsync(Ports, location: null, progress: null, cts.Token);
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    public const string Name = "Azurite";
}
