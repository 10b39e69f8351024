using Seatwise.DemoTenant;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local;
using Seatwise.Storage.Runs;

namespace Seatwise.Integration.Tests.Sources;

/// <summary>
/// A vendor source test: a demo tenant and a local host with a small register (Graph's E3 plus the vendor's
/// contracts), started per test so each test's fault switches start clean.
/// </summary>
public abstract class VendorSourceTest(AzuriteFixture azurite, DemoTenantOptions tenant, string vendorContracts) : IAsyncLifetime
{
    private const string Header =
        "id,vendor,name,source,productKeys,seats,unitPrice,currency,billingPeriod\n" +
        "m365-e3,Microsoft,Microsoft 365 E3,graph,SPE_E3,60,33.75,EUR,monthly\n";

    protected DemoHost Setup { get; private set; } = null!;

    protected DemoTenantState Demo => Setup.Demo.State;

    public async Task InitializeAsync() => Setup = await DemoHost.StartAsync(azurite, tenant, Header + vendorContracts, Configure);

    public async Task DisposeAsync() => await Setup.DisposeAsync();

    protected abstract void Configure(LocalHostSettings settings, DemoTenantServer demo);

    /// <summary>The run ended with errors because of this source alone: Graph's contract was still reconciled.</summary>
    protected static void AssertOnlySourceFailed(RunRecord run, string source, params string[] reasonParts)
    {
        var outcome = run.Sources.Single(s => s.Source == source);

        Assert.Equal(RunStatus.CompletedWithErrors, run.Status);
        Assert.Equal("failed", outcome.Status);
        Assert.All(reasonParts, part => Assert.Contains(part, outcome.Error, StringComparison.Ordinal));
        Assert.Equal("ok", run.Sources.Single(s => s.Source == "graph").Status);
        Assert.Equal("ok", run.Contracts.Single(c => c.ContractId == "m365-e3").Status);
    }
}
