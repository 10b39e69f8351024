using Seatwise.Core.Contracts;
using Seatwise.Core.Csv;
using Seatwise.Core.Finops;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Core.Tests.Finops;

public sealed class FocusExportTests
{
    private static readonly Dictionary<string, Position> NoPositions = [];

    private static DateOnly Month(int year, int month) => new(year, month, 1);

    /// <summary>The worked example of shared/reference/focus-1.2.md §6: 500 seats × 100.00 a year, term 2026.</summary>
    private static Contract Annual(bool autoRenew = false) => TestData.Contract(id: "acme", vendor: "Acme", seats: 500, unitPrice: 100m,
        billing: BillingPeriod.Annual, termStart: new DateOnly(2026, 1, 1), termEnd: new DateOnly(2026, 12, 31)) with { AutoRenew = autoRenew, Source = "csv" };

    [Fact]
    public void AnAnnualTerm_IsBilledInItsFirstMonth_AndAmortisedEvenly()
    {
        var january = FocusExport.ForMonth("t", [Annual()], NoPositions, Month(2026, 1));

        var purchase = Assert.Single(january, r => r.ChargeCategory == "Purchase");
        Assert.Equal(("One-Time", 50000m, 0m, 500m, "License-Years"), (purchase.ChargeFrequency, purchase.BilledCost, purchase.EffectiveCost, purchase.PricingQuantity, purchase.PricingUnit));
        Assert.Equal((50000m, 50000m), (purchase.ListCost, purchase.ContractedCost));
        Assert.Equal(("2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z"), (FocusColumns.Instant(purchase.ChargePeriodStart), FocusColumns.Instant(purchase.ChargePeriodEnd)));
        var share = Assert.Single(january, r => r.ChargeCategory == "Usage");
        Assert.Equal(("Recurring", 0m, 4166.67m, 41.6666666667m, 4166.67m), (share.ChargeFrequency, share.BilledCost, share.EffectiveCost, share.PricingQuantity, share.ListCost));
        Assert.Equal(("2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z"), (FocusColumns.Instant(share.ChargePeriodStart), FocusColumns.Instant(share.ChargePeriodEnd)));
    }

    [Fact]
    public void TheTermsLastMonth_TakesTheRemainder_SoTheSharesAddUpToTheBill()
    {
        var year = Enumerable.Range(1, 12).SelectMany(m => FocusExport.ForMonth("t", [Annual()], NoPositions, Month(2026, m))).ToList();

        var december = Assert.Single(FocusExport.ForMonth("t", [Annual()], NoPositions, Month(2026, 12)));
        Assert.Equal(4166.63m, december.EffectiveCost);
        Assert.Equal(50000m, year.Where(r => r.ChargeCategory == "Usage").Sum(r => r.EffectiveCost));
        Assert.Equal(50000m, year.Sum(r => r.BilledCost));
        Assert.Empty(FocusExport.ForMonth("t", [Annual()], NoPositions, Month(2027, 1)));
    }

    [Fact]
    public void AContractThatRenewsItself_GoesOnAfterItsTerm_WithTheSameTerms()
    {
        var next = FocusExport.ForMonth("t", [Annual(autoRenew: true)], NoPositions, Month(2027, 1));
        var monthly = TestData.Contract(seats: 20, unitPrice: 12.50m, billing: BillingPeriod.Monthly, termStart: new DateOnly(2026, 1, 1), termEnd: new DateOnly(2026, 12, 31)) with { AutoRenew = true };

        var purchase = Assert.Single(next, r => r.ChargeCategory == "Purchase");
        Assert.Equal(("Recurring", 50000m, "2027-01-01T00:00:00Z", "2028-01-01T00:00:00Z"),
            (purchase.ChargeFrequency, purchase.BilledCost, FocusColumns.Instant(purchase.ChargePeriodStart), FocusColumns.Instant(purchase.ChargePeriodEnd)));
        Assert.Equal(250m, Assert.Single(FocusExport.ForMonth("t", [monthly], NoPositions, Month(2027, 3))).BilledCost);
    }

    [Fact]
    public void AMonthlyContract_IsOnePurchaseAMonth_BilledAndEffectiveAlike()
    {
        var monthly = TestData.Contract(id: "acme-m", vendor: "Acme", seats: 20, unitPrice: 12.50m, billing: BillingPeriod.Monthly);

        var row = Assert.Single(FocusExport.ForMonth("t", [monthly], NoPositions, Month(2026, 11)));

        Assert.Equal(("Purchase", "Recurring", 20m, "License-Months"), (row.ChargeCategory, row.ChargeFrequency, row.PricingQuantity, row.PricingUnit));
        Assert.Equal((250m, 250m, 250m, 250m), (row.BilledCost, row.EffectiveCost, row.ListCost, row.ContractedCost));
        Assert.Equal(("2026-11-01T00:00:00Z", "2026-12-01T00:00:00Z"), (FocusColumns.Instant(row.BillingPeriodStart), FocusColumns.Instant(row.BillingPeriodEnd)));
    }

    [Fact]
    public void AYearStartingMidMonth_SharesByThePartOfEachMonthItCovers()
    {
        // 10 seats × 120.00 from 15 March: March covers 17 of 31 days, so 1,200 × (17/31)/12 = 54.84.
        var contract = TestData.Contract(id: "mid", seats: 10, unitPrice: 120m, billing: BillingPeriod.Annual,
            termStart: new DateOnly(2026, 3, 15), termEnd: new DateOnly(2027, 3, 14));
        var months = Enumerable.Range(0, 13).Select(i => Month(2026, 3).AddMonths(i)).ToList();

        var rows = months.SelectMany(m => FocusExport.ForMonth("t", [contract], NoPositions, m)).ToList();

        Assert.Equal(54.84m, rows.First(r => r.ChargeCategory == "Usage").EffectiveCost);
        Assert.Equal(100m, rows.Where(r => r.ChargeCategory == "Usage").Skip(1).First().EffectiveCost);
        Assert.Equal(13, rows.Count(r => r.ChargeCategory == "Usage"));
        Assert.Equal(1200m, rows.Where(r => r.ChargeCategory == "Usage").Sum(r => r.EffectiveCost));
    }

    [Fact]
    public void SeatwisesFigures_AreOnOneRowPerContractAndMonth()
    {
        var position = new Position
        {
            ContractId = "acme", Vendor = "Acme", Currency = "EUR", Entitled = 500, Counts = new SeatCounts(300, 10, 50, 5, 0),
            Unassigned = 135, OverAssigned = 0, Reclaimable = 55, RecommendedSeats = 330, AnnualUnitCost = 100m, AnnualCost = 50000m,
            AnnualWaste = 19000m, PotentialSavings = 17000m, Utilization = 0.62m,
        };

        var rows = FocusExport.ForMonth("t", [Annual()], new Dictionary<string, Position> { ["acme"] = position }, Month(2026, 1));

        var figures = Assert.Single(rows, r => r.EntitledSeats is not null);
        Assert.Equal("Usage", figures.ChargeCategory);
        Assert.Equal((500, 310, 190, 1583.33m, 1416.67m), (figures.EntitledSeats, figures.ActiveSeats, figures.WasteSeats, figures.MonthlyWaste, figures.PotentialSavings));
        Assert.All(rows, r => Assert.Equal("acme", r.ContractId));
    }

    [Fact]
    public void BoughtThroughAReseller_TheResellerProvidesAndInvoices_TheVendorPublishes()
    {
        var rows = FocusExport.ForMonth("t", [Annual() with { BilledThrough = "SoftwareOne" }], NoPositions, Month(2026, 1));

        Assert.All(rows, r => Assert.Equal(("SoftwareOne", "Acme", "SoftwareOne", "SoftwareOne", "t/softwareone"),
            (r.ProviderName, r.PublisherName, r.InvoiceIssuerName, r.BillingAccountName, r.BillingAccountId)));
        Assert.Equal(50000m, rows.Sum(r => r.BilledCost));
    }

    [Fact]
    public void BoughtOnTheAzureMarketplace_MicrosoftInvoices_AndTheMoneyIsLeftToAzuresExport()
    {
        var marketplace = Annual() with { BilledThrough = Contract.AzureMarketplace };
        var year = Enumerable.Range(1, 12).SelectMany(m => FocusExport.ForMonth("t", [marketplace], NoPositions, Month(2026, m))).ToList();

        Assert.All(year, r => Assert.Equal(("Microsoft", "Acme", "Microsoft", 0m, 0m), (r.ProviderName, r.PublisherName, r.InvoiceIssuerName, r.BilledCost, r.EffectiveCost)));
        Assert.Equal(50000m, year.Single(r => r.ChargeCategory == "Purchase").ContractedCost);
        var (header, cells) = RoundTrip(year);
        Assert.Empty(FocusRules.Check(header, cells));
    }

    [Fact]
    public void AContractWithoutASeatCount_AndNoPosition_HasNoRows() =>
        Assert.Empty(FocusExport.ForMonth("t", [TestData.Contract(seats: null)], NoPositions, Month(2026, 1)));

    [Fact]
    public void TheSampleRegister_PassesTheFocusRules_InEveryMonthOfTwoYears()
    {
        var register = ContractCsv.Parse(new StringReader(File.ReadAllText(SamplePath())));
        Assert.Empty(register.Errors);
        var failures = new List<string>();
        for (var month = Month(2025, 7); month < Month(2027, 7); month = month.AddMonths(1))
        {
            var rows = FocusExport.ForMonth("contoso", register.Contracts, NoPositions, month);
            Assert.NotEmpty(rows);
            var (header, cells) = RoundTrip(rows);
            failures.AddRange(FocusRules.Check(header, cells).Select(f => $"{month:yyyy-MM} {f}"));
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void TheRules_CatchWhatTheyGuard()
    {
        var (header, cells) = RoundTrip(FocusExport.ForMonth("t", [Annual()], NoPositions, Month(2026, 1)));
        List<string?> Changed(string column, string? value)
        {
            var row = cells[0].ToList();
            row[header.ToList().IndexOf(column)] = value;
            return row;
        }

        Assert.Empty(FocusRules.Check(header, cells));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("BilledCost", "50,000.00")]));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("ChargeCategory", "Fee")]));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("BillingPeriodStart", "2026-01-01")]));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("PricingUnit", null)]));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("ListCost", "1")]));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("ServiceSubcategory", "Source Code Management")]));
        Assert.NotEmpty(FocusRules.Check(header, [Changed("SkuPriceDetails", "{\"period\":\"annual\"}")]));
        Assert.NotEmpty(FocusRules.Check([.. header.Where(c => c != "EffectiveCost")], [.. cells.Select(r => r.Where((_, i) => header[i] != "EffectiveCost").ToList())]));
    }

    /// <summary>The rows through the export's CSV and back: what a FOCUS reader sees (an empty field is null).</summary>
    private static (IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string?>> Rows) RoundTrip(IEnumerable<FocusRow> rows)
    {
        var text = CsvWriter.Line(FocusColumns.Header) + string.Concat(rows.Select(r => CsvWriter.Line(FocusColumns.Cells(r))));
        var records = CsvReader.Read(new StringReader(text)).ToList();
        return (records[0].Fields, [.. records.Skip(1).Select(r => (IReadOnlyList<string?>)[.. r.Fields.Select(f => f.Length == 0 ? null : f)])]);
    }

    private static string SamplePath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "samples", "contracts.csv");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("docs/samples/contracts.csv not found above " + AppContext.BaseDirectory);
    }
}
