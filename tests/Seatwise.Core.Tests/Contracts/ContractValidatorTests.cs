using Seatwise.Core.Contracts;

namespace Seatwise.Core.Tests.Contracts;

public sealed class ContractValidatorTests
{
    private static ContractDraft Valid() => new()
    {
        Id = "m365-e5",
        Vendor = "Microsoft",
        Name = "Microsoft 365 E5",
        Source = "graph",
        ProductKeys = ["SPE_E5"],
        Seats = 250,
        UnitPrice = 57m,
        Currency = "EUR",
        BillingPeriod = "monthly",
        TermStart = new DateOnly(2026, 1, 1),
        TermEnd = new DateOnly(2026, 12, 31),
        RenewalDate = new DateOnly(2027, 1, 1),
        NoticeDays = 30,
    };

    [Fact]
    public void Validate_ValidDraft_ReturnsContractWithNormalisedValues()
    {
        var result = ContractValidator.Validate(Valid() with { Currency = "eur", BillingPeriod = "Monthly", Source = "Graph", Id = " m365-e5 " });

        Assert.True(result.IsValid);
        Assert.Equal("m365-e5", result.Value!.Id);
        Assert.Equal("EUR", result.Value.Currency);
        Assert.Equal("graph", result.Value.Source);
        Assert.Equal(BillingPeriod.Monthly, result.Value.BillingPeriod);
        Assert.Equal(250, result.Value.Seats);
        Assert.False(result.Value.AutoRenew);
    }

    [Theory]
    [InlineData("", "id")]
    [InlineData("a/b", "id")]
    [InlineData("a#b", "id")]
    [InlineData("what?", "id")]
    [InlineData("back\\slash", "id")]
    [InlineData("tab\there", "id")]
    [InlineData(".", "id")]
    [InlineData("..", "id")]
    public void Validate_IdNotUsableAsKey_ReportsId(string id, string field)
    {
        var result = ContractValidator.Validate(Valid() with { Id = id });

        Assert.False(result.IsValid);
        Assert.Contains(result.Errors, e => e.Field == field);
    }

    [Fact]
    public void BilledThrough_TheMarketplaceIsNormalised_AResellerKept_AndBothRoundTripThroughCsv()
    {
        var marketplace = ContractValidator.Validate(Valid() with { BilledThrough = " Azure-Marketplace " }).Value!;
        var reseller = ContractValidator.Validate(Valid() with { Id = "other", BilledThrough = "SoftwareOne" }).Value!;

        var csv = ContractCsv.Header + ContractCsv.Row(marketplace) + ContractCsv.Row(reseller);
        var read = ContractCsv.Parse(new StringReader(csv));

        Assert.Equal(Contract.AzureMarketplace, marketplace.BilledThrough);
        Assert.True(marketplace.IsAzureMarketplace);
        Assert.Equal("SoftwareOne", reseller.BilledThrough);
        Assert.Empty(read.Errors);
        Assert.Equal([Contract.AzureMarketplace, "SoftwareOne"], read.Contracts.Select(c => c.BilledThrough));
    }

    [Fact]
    public void Validate_IdTooLong_ReportsId()
    {
        var result = ContractValidator.Validate(Valid() with { Id = new string('x', ContractValidator.MaxIdLength + 1) });

        Assert.Contains(result.Errors, e => e.Field == "id" && e.Message.Contains("longer", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(-1, "must not be negative.")]
    [InlineData(12.5, "must be a whole number, not 12.5.")]
    [InlineData(2147483648, "is 2147483648; at most 10,000,000.")]
    [InlineData(10_000_001, "is 10000001; at most 10,000,000.")]
    public void Validate_BadSeats_ReportsSeats(double seats, string message)
    {
        var result = ContractValidator.Validate(Valid() with { Seats = (decimal)seats });

        Assert.Equal([new FieldError("seats", message)], result.Errors);
    }

    [Fact]
    public void Validate_SeatsEmpty_IsAllowedAndMeansSkuUnits()
    {
        var result = ContractValidator.Validate(Valid() with { Seats = null });

        Assert.True(result.IsValid);
        Assert.Null(result.Value!.Seats);
    }

    [Fact]
    public void Validate_NegativeUnitPrice_ReportsUnitPrice()
    {
        var result = ContractValidator.Validate(Valid() with { UnitPrice = -0.01m });

        Assert.Equal([new FieldError("unitPrice", "must not be negative.")], result.Errors);
    }

    [Fact]
    public void Validate_UnitPriceThatWouldOverflowMoney_ReportsUnitPrice()
    {
        // 7.9e28 × 2^31 seats overflowed decimal in the run; the register refuses it at the door.
        var result = ContractValidator.Validate(Valid() with { UnitPrice = 79_000_000_000_000_000_000_000_000_000m });

        Assert.Equal("unitPrice", Assert.Single(result.Errors).Field);
        Assert.Contains("at most 1,000,000,000", result.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_LargestAllowedContract_CostsWithoutOverflow()
    {
        var contract = ContractValidator.Validate(Valid() with { Seats = ContractValidator.MaxSeats, UnitPrice = ContractValidator.MaxUnitPrice }).Value!;

        Assert.Equal(120_000_000_000_000_000m, contract.AnnualUnitCost * contract.Seats!.Value);
    }

    [Fact]
    public void Validate_ZeroUnitPrice_IsAllowed()
    {
        Assert.True(ContractValidator.Validate(Valid() with { UnitPrice = 0 }).IsValid);
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("EURO")]
    [InlineData("€")]
    [InlineData("")]
    public void Validate_UnknownCurrency_ReportsCurrency(string currency)
    {
        var result = ContractValidator.Validate(Valid() with { Currency = currency });

        Assert.Single(result.Errors, e => e.Field == "currency");
    }

    [Theory]
    [InlineData("weekly")]
    [InlineData("")]
    [InlineData(null)]
    public void Validate_BadBillingPeriod_ReportsBillingPeriod(string? billing)
    {
        var result = ContractValidator.Validate(Valid() with { BillingPeriod = billing });

        Assert.Single(result.Errors, e => e.Field == "billingPeriod");
    }

    [Fact]
    public void Validate_RenewalBeforeTermStart_ReportsRenewalDate()
    {
        var result = ContractValidator.Validate(Valid() with { RenewalDate = new DateOnly(2025, 12, 31) });

        Assert.Equal([new FieldError("renewalDate", "is before termStart.")], result.Errors);
    }

    [Fact]
    public void Validate_TermEndBeforeTermStart_ReportsTermEnd()
    {
        var result = ContractValidator.Validate(Valid() with { TermEnd = new DateOnly(2025, 6, 1) });

        Assert.Contains(new FieldError("termEnd", "is before termStart."), result.Errors);
    }

    [Fact]
    public void Validate_NegativeNoticeDays_ReportsNoticeDays()
    {
        var result = ContractValidator.Validate(Valid() with { NoticeDays = -1 });

        Assert.Single(result.Errors, e => e.Field == "noticeDays");
    }

    [Fact]
    public void Validate_DuplicateProductKeys_ReportsProductKeys()
    {
        var result = ContractValidator.Validate(Valid() with { ProductKeys = ["SPE_E5", "spe_e5"] });

        Assert.Equal([new FieldError("productKeys", "lists 'spe_e5' twice.")], result.Errors);
    }

    [Fact]
    public void Validate_NoProductKeys_ReportsProductKeys()
    {
        var result = ContractValidator.Validate(Valid() with { ProductKeys = [] });

        Assert.Single(result.Errors, e => e.Field == "productKeys");
    }

    [Fact]
    public void Validate_UnknownSource_ReportsSource()
    {
        var result = ContractValidator.Validate(Valid() with { Source = "myspace" });

        Assert.Single(result.Errors, e => e.Field == "source");
    }

    [Fact]
    public void Validate_ManyProblems_ReportsEveryFieldOnce()
    {
        var result = ContractValidator.Validate(new ContractDraft { Seats = -3, UnitPrice = -1, NoticeDays = 1.5m, InactivityDays = 0, HeadroomPercent = -5 });

        var fields = result.Errors.Select(e => e.Field).ToHashSet();
        Assert.False(result.IsValid);
        Assert.Null(result.Value);
        Assert.Superset(fields, new HashSet<string> { "id", "vendor", "name", "source", "productKeys", "seats", "unitPrice", "currency", "billingPeriod", "noticeDays", "inactivityDays", "headroomPercent" });
    }

    [Theory]
    [InlineData("monthly", null, null, false)]
    [InlineData("annual", null, null, true)]
    [InlineData("monthly", "2026-01-01", "2026-12-31", true)]
    [InlineData("monthly", "2026-01-01", "2026-12-30", false)]
    [InlineData("monthly", "2026-01-01", "2028-12-31", true)]
    public void IsCommitted_AnnualBillingOrTwelveMonthTerm(string billing, string? start, string? end, bool committed)
    {
        var contract = ContractValidator.Validate(Valid() with
        {
            BillingPeriod = billing,
            TermStart = start is null ? null : DateOnly.Parse(start),
            TermEnd = end is null ? null : DateOnly.Parse(end),
            RenewalDate = null,
        }).Value!;

        Assert.Equal(committed, contract.IsCommitted);
    }
}
