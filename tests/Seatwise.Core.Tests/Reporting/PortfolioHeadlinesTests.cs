using Seatwise.Core.Reporting;

namespace Seatwise.Core.Tests.Reporting;

public sealed class PortfolioHeadlinesTests
{
    [Fact]
    public void EachCurrency_SumsItsTenantsKindByKind_AndNeverAcrossCurrencies()
    {
        IReadOnlyList<CurrencyHeadlines> contoso = [new("EUR", 1000m, 100m, 80m, 5m, 200m, 1), new("USD", 500m, 50m, 40m, 0m, 0m, 0)];
        IReadOnlyList<CurrencyHeadlines> fabrikam = [new("EUR", 300.50m, 10.25m, 10m, 0m, 300.50m, 2)];
        IReadOnlyList<CurrencyHeadlines> empty = [];

        var portfolio = Headlines.Portfolio([contoso, fabrikam, empty]);

        Assert.Equal(
        [
            new PortfolioHeadlines("EUR", 2, 1300.50m, 110.25m, 90m, 5m, 500.50m, 3),
            new PortfolioHeadlines("USD", 1, 500m, 50m, 40m, 0m, 0m, 0),
        ], portfolio);
    }
}
