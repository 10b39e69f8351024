using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Money;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Spend;

namespace Seatwise.Core.Tests.Spend;

public sealed class SpendRulesTests
{
    private static readonly DateOnly Aug = new(2026, 8, 1);
    private static readonly DateOnly Sep = new(2026, 9, 1);
    private static readonly DateOnly Oct = new(2026, 10, 1);
    private static readonly IReadOnlyList<DateOnly> Window = [Aug, Sep, Oct];

    private static Contract Monthly(string billingMatch = "publisher=Contoso Software Ltd") => new()
    {
        Id = "contoso",
        Vendor = "Contoso",
        Name = "Analytics",
        Source = SourceNames.Azure,
        ProductKeys = ["Contoso Software Ltd/Contoso Analytics/Business"],
        Seats = 50,
        UnitPrice = 20m,
        Currency = "EUR",
        BillingPeriod = BillingPeriod.Monthly,
        BilledThrough = Contract.AzureMarketplace,
        BillingMatch = billingMatch,
    };

    private static Charge Bill(DateOnly month, decimal cost, string publisher = "Contoso Software Ltd", string product = "Contoso Analytics - Business", string currency = "EUR") =>
        new() { Month = month, PublisherName = publisher, ProductName = product, Cost = cost, Currency = currency };

    private static IReadOnlyList<Finding> Evaluate(IReadOnlyList<Contract> contracts, IReadOnlyList<Charge> charges, IReadOnlyList<MarketplaceSubscription>? subscriptions = null, decimal tolerance = 2) =>
        SpendRules.Evaluate(new SpendInput
        {
            TenantId = "t",
            Rules = new RulesOptions { PriceDriftTolerancePercent = tolerance },
            Contracts = contracts,
            Subscriptions = subscriptions ?? [],
            Charges = charges,
            Months = Window,
        });

    [Fact]
    public void BilledAboveTheContract_IsPriceDrift_TheDifferenceAYear_AsExposure()
    {
        // Contracted 50 × 20 = 1,000 a month, 3,000 over the window; billed 1,100 + 1,100 + 1,000 = 3,200.
        var findings = Evaluate([Monthly()], [Bill(Aug, 1100), Bill(Sep, 1100), Bill(Oct, 1000)]);

        var drift = Assert.Single(findings);
        Assert.Equal(FindingTypes.PriceDrift, drift.Type);
        Assert.Equal(MoneyKinds.Exposure, MoneyKinds.Of(drift.Type));
        Assert.Equal(RunSteps.Spend, RunSteps.Of(drift));
        Assert.Equal(800m, drift.AnnualCost);  // 200 over three months × 12 / 3
        Assert.Equal("EUR", drift.Currency);
        Assert.Equal("200", drift.Evidence["difference"]);
        Assert.Equal("2026-08..2026-10", drift.Evidence["months"]);
    }

    [Theory]
    [InlineData(3060, false)]  // 2% of 3,000 is 60: within the tolerance
    [InlineData(3060.01, true)]
    [InlineData(2940, false)]
    [InlineData(2939.99, true)] // billed less than contracted is drift too
    public void TheToleranceIsAPercentOfTheContractedCharges_InBothDirections(decimal billed, bool drift)
    {
        var findings = Evaluate([Monthly()], [Bill(Aug, billed - 2000), Bill(Sep, 1000), Bill(Oct, 1000)]);

        Assert.Equal(drift, findings.Any(f => f.Type == FindingTypes.PriceDrift));
    }

    [Fact]
    public void AnAnnualContract_IsComparedWithItsPurchaseInTheMonthItFallsIn()
    {
        // 50 seats at 240 a year from 1 September: 12,000 billed in September, nothing in August or October.
        var annual = Monthly() with { UnitPrice = 240m, BillingPeriod = BillingPeriod.Annual, TermStart = new DateOnly(2026, 9, 1), TermEnd = new DateOnly(2027, 8, 31) };

        Assert.Empty(Evaluate([annual], [Bill(Sep, 12_000)]));
        var drift = Assert.Single(Evaluate([annual], [Bill(Sep, 13_200)]));
        Assert.Equal(4800m, drift.AnnualCost);  // 1,200 over three months × 4
    }

    [Fact]
    public void ChargesInAnotherCurrency_AreLeftOut_AndCounted()
    {
        var findings = Evaluate([Monthly()], [Bill(Aug, 1000), Bill(Sep, 1000), Bill(Oct, 1000), Bill(Oct, 500, currency: "USD")]);

        Assert.DoesNotContain(findings, f => f.Type == FindingTypes.PriceDrift);
        var drift = Assert.Single(Evaluate([Monthly()], [Bill(Aug, 1500), Bill(Sep, 1000), Bill(Oct, 1000), Bill(Oct, 500, currency: "USD")]));
        Assert.Equal("1", drift.Evidence["otherCurrencyCharges"]);
    }

    [Fact]
    public void NothingBilled_IsNoDrift_AndAnExcludedContractRaisesNone()
    {
        Assert.Empty(Evaluate([Monthly()], []));
        Assert.Empty(Evaluate([Monthly() with { ExcludeFromFindings = true }], [Bill(Aug, 5000)]));
    }

    [Fact]
    public void UnclaimedMarketplaceCharges_AreUncontractedSpend_PerProductAndCurrency_AsReview()
    {
        var findings = Evaluate([Monthly()],
        [
            Bill(Aug, 1000), Bill(Sep, 1000), Bill(Oct, 1000),
            Bill(Aug, 100, "Fabrikam Inc", "Backup - Standard"), Bill(Sep, 110, "FABRIKAM INC", "Backup - Standard"),
            Bill(Sep, 50, "Fabrikam Inc", "Backup - Standard", "USD"),
            Bill(Oct, 0, "Litware", "Free plan"),
        ]);

        var spend = findings.Where(f => f.Type == FindingTypes.UncontractedSpend).ToList();
        Assert.Equal(2, spend.Count);
        Assert.All(spend, f => Assert.Equal(MoneyKinds.Review, MoneyKinds.Of(f.Type)));
        var eur = spend.Single(f => f.Currency == "EUR");
        Assert.Equal(840m, eur.AnnualCost);  // 210 over three months × 4
        Assert.Equal("2", eur.Evidence["monthsBilled"]);
        Assert.Equal(200m, spend.Single(f => f.Currency == "USD").AnnualCost);
    }

    [Fact]
    public void AMarketplaceSubscriptionAContractNames_ClaimsItsPublishersCharges_WithoutABillingMatch()
    {
        var named = Monthly() with { BillingMatch = null };
        var subscription = new MarketplaceSubscription
        {
            ResourceId = "/subscriptions/s/resourceGroups/r/providers/Microsoft.SaaS/resources/contoso",
            Name = "contoso",
            PublisherName = "Contoso Software Ltd",
            OfferName = "Contoso Analytics",
            PlanName = "Business",
            Quantity = 50,
            Status = MarketplaceSubscription.SubscribedStatus,
        };

        Assert.Empty(Evaluate([named], [Bill(Aug, 1000)], [subscription]));
        Assert.Single(Evaluate([named with { ProductKeys = ["something else"] }], [Bill(Aug, 1000)], [subscription]));
    }

    [Theory]
    [InlineData("publisher=Contoso*", "Contoso Software Ltd", "Anything", true)]
    [InlineData("publisher=contoso software ltd", "Contoso Software Ltd", "Anything", true)]
    [InlineData("publisher=Contoso", "Contoso Software Ltd", "Anything", false)]
    [InlineData("product=*Analytics*", "X", "Contoso Analytics - Business", true)]
    [InlineData("publisher=Contoso*; product=*Business", "Contoso Ltd", "Analytics - Business", true)]
    [InlineData("publisher=Contoso*; product=*Business", "Contoso Ltd", "Analytics - Team", false)]
    [InlineData("product=a.b(c)", "X", "a.b(c)", true)]
    [InlineData("product=a.b(c)", "X", "aXb(c)", false)]
    public void BillingMatch_ComparesWholeNames_CaseInsensitively_WithStarsForAnyText(string rule, string publisher, string product, bool matches)
    {
        var match = BillingMatch.Parse(rule, out var error);

        Assert.Null(error);
        Assert.Equal(matches, match!.Matches(Bill(Aug, 1, publisher, product)));
    }

    [Theory]
    [InlineData("", "names neither")]
    [InlineData("vendor=Contoso", "has a term 'vendor=Contoso'")]
    [InlineData("publisher=", "names no publisher")]
    [InlineData("publisher=*", "names no publisher")]
    [InlineData("publisher=A;publisher=B", "names the publisher twice")]
    public void BillingMatch_BadRules_SayWhatIsWrong(string rule, string expected)
    {
        Assert.Null(BillingMatch.Parse(rule, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void TheValidator_NamesTheField_ForABadRule_AndKeepsAGoodOne()
    {
        var draft = ContractDraft.From(Monthly());

        var bad = ContractValidator.Validate(draft with { BillingMatch = "seller=Contoso" });
        var good = ContractValidator.Validate(draft with { BillingMatch = " publisher=Contoso* " });

        Assert.Contains(bad.Errors, e => e.Field == "billingMatch" && e.Message.Contains("seller=Contoso", StringComparison.Ordinal));
        Assert.Equal("publisher=Contoso*", good.Value!.BillingMatch);
    }

    [Fact]
    public void ContractsOnSeatCountSources_CountTheSeatsBoughtAsAssignedUnknown_AndRaiseNoSeatGaps()
    {
        var contract = Monthly() with { Seats = 40 };
        var reconciler = new ContractReconciler(new ReconcileInput
        {
            TenantId = "t",
            RunAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
            Contracts = [contract],
            Products = [new Product(SourceNames.Azure, contract.ProductKeys[0], "Contoso Analytics (Business)", 50, 50)],
        });

        var result = reconciler.Complete();

        var position = Assert.Single(result.Positions);
        Assert.Equal(40, position.Entitled);
        Assert.Equal(50, position.Assigned);
        Assert.Equal(50, position.Counts.Unknown);
        Assert.DoesNotContain(result.Findings, f => f.Type is FindingTypes.OverAssigned or FindingTypes.UnassignedSeats);
    }
}
