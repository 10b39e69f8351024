using Seatwise.Core.Contracts;
using Seatwise.Core.Reconciliation;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Reconciliation;

public sealed class PositionCalculatorTests
{
    [Fact]
    public void Compute_MonthlyContract_EveryFieldByHand()
    {
        // 100 entitled at 57.00 EUR/month; 80 assigned = 60 active + 5 new + 10 inactive + 5 disabled.
        var contract = Contract(seats: 100, unitPrice: 57m, billing: BillingPeriod.Monthly);
        var counts = new SeatCounts(Active: 60, New: 5, Inactive: 10, Disabled: 5, Unknown: 0);

        var p = PositionCalculator.Compute(contract, counts, productEntitlement: null, headroomPercent: 5);

        Assert.Equal(100, p.Entitled);
        Assert.Equal(80, p.Assigned);
        Assert.Equal(20, p.Unassigned);                 // 100 − 80
        Assert.Equal(0, p.OverAssigned);
        Assert.Equal(15, p.Reclaimable);                // 10 + 5
        Assert.Equal(69, p.RecommendedSeats);           // ceil(65 × 1.05) = ceil(68.25)
        Assert.Equal(684m, p.AnnualUnitCost);           // 57 × 12
        Assert.Equal(68_400m, p.AnnualCost);            // 100 × 684
        Assert.Equal(23_940m, p.AnnualWaste);           // (20 + 15) × 684
        Assert.Equal(21_204m, p.PotentialSavings);      // (100 − 69) × 684
        Assert.Equal(0.65m, p.Utilization);             // 65 / 100
    }

    [Fact]
    public void Compute_AnnualContract_UnitPriceIsAnnual()
    {
        // 10 entitled at 240.00/year, 12 assigned all active: over-assigned by 2.
        var contract = Contract(seats: 10, unitPrice: 240m, billing: BillingPeriod.Annual);

        var p = PositionCalculator.Compute(contract, new SeatCounts(12, 0, 0, 0, 0), null, 5);

        Assert.Equal(240m, p.AnnualUnitCost);
        Assert.Equal(2400m, p.AnnualCost);              // 10 × 240
        Assert.Equal(0, p.Unassigned);
        Assert.Equal(2, p.OverAssigned);                // 12 − 10
        Assert.Equal(13, p.RecommendedSeats);           // ceil(12 × 1.05) = ceil(12.6)
        Assert.Equal(0m, p.PotentialSavings);           // max(0, 10 − 13) × 240
        Assert.Equal(0m, p.AnnualWaste);
        Assert.Equal(1.2m, p.Utilization);              // 12 / 10
    }

    [Fact]
    public void Compute_OverAssignedWithIdleSeats_WasteNeverAboveCost_AndTheOverageIsExposure()
    {
        // 30 entitled at 50.00/month (600/year); 106 assigned = 50 active + 40 inactive + 16 disabled.
        // used = 50 > 30 entitled: nothing entitled is unused, so waste is 0 (the old formula said (40 + 16) × 600
        // = 33,600, above the contract's 18,000). The 76 seats beyond the contract are a true-up liability.
        var contract = Contract(seats: 30, unitPrice: 50m, billing: BillingPeriod.Monthly);

        var p = PositionCalculator.Compute(contract, new SeatCounts(Active: 50, New: 0, Inactive: 40, Disabled: 16, Unknown: 0), null, 5);

        Assert.Equal(18_000m, p.AnnualCost);            // 30 × 600
        Assert.Equal(76, p.OverAssigned);               // 106 − 30
        Assert.Equal(0m, p.AnnualWaste);                // max(0, 30 − 50) × 600
        Assert.Equal(45_600m, p.TrueUpExposure);        // 76 × 600
        Assert.Equal(0m, p.PotentialSavings);           // max(0, 30 − ceil(52.5)) × 600
    }

    [Fact]
    public void Compute_UnknownActivityCountsAsUsed()
    {
        // 10 entitled at 100/year; 8 assigned = 2 active + 4 unknown + 2 inactive: used 6, waste (10 − 6) × 100.
        var p = PositionCalculator.Compute(Contract(seats: 10, unitPrice: 100m, billing: BillingPeriod.Annual), new SeatCounts(2, 0, 2, 0, 4), null, 0);

        Assert.Equal(400m, p.AnnualWaste);
        Assert.Equal(0m, p.TrueUpExposure);
    }

    [Fact]
    public void Compute_SeatsEmpty_TakesSkuPrepaidUnits()
    {
        var p = PositionCalculator.Compute(Contract(seats: null), new SeatCounts(3, 0, 0, 0, 0), productEntitlement: 25, 5);

        Assert.Equal(25, p.Entitled);
        Assert.Equal(22, p.Unassigned);
    }

    [Fact]
    public void Compute_NothingEntitled_UtilizationIsNullAndNoMoneyIsNegative()
    {
        var p = PositionCalculator.Compute(Contract(seats: null), new SeatCounts(0, 0, 0, 0, 0), productEntitlement: null, 5);

        Assert.Equal(0, p.Entitled);
        Assert.Null(p.Utilization);
        Assert.Equal(0m, p.AnnualCost);
        Assert.Equal(0m, p.AnnualWaste);
        Assert.Equal(0m, p.PotentialSavings);
        Assert.Equal(0, p.RecommendedSeats);
    }

    [Theory]
    [InlineData(20, 5, 21)]    // 20 × 1.05 = 21.0 exactly: no rounding up
    [InlineData(21, 5, 23)]    // 21 × 1.05 = 22.05 → 23
    [InlineData(1, 5, 2)]      // 1.05 → 2
    [InlineData(100, 0, 100)]
    [InlineData(7, 12.5, 8)]   // 7.875 → 8
    public void Compute_RecommendedSeats_RoundsUpUsedTimesHeadroom(int used, double headroom, int expected)
    {
        var p = PositionCalculator.Compute(Contract(seats: 200), new SeatCounts(used, 0, 0, 0, 0), null, (decimal)headroom);

        Assert.Equal(expected, p.RecommendedSeats);
    }

    [Fact]
    public void Compute_UnknownSeatsCountAsUsed()
    {
        // 10 entitled, 8 unknown (tenant without Entra ID P1): used = 8, recommended = ceil(8.4) = 9.
        var p = PositionCalculator.Compute(Contract(seats: 10, unitPrice: 10m), new SeatCounts(0, 0, 0, 0, 8), null, 5);

        Assert.Equal(9, p.RecommendedSeats);
        Assert.Equal(0.8m, p.Utilization);
        Assert.Equal(0, p.Reclaimable);
        Assert.Equal(240m, p.AnnualWaste);              // 2 unassigned × 120
    }

    [Fact]
    public void Compute_CentsStayExact()
    {
        // 3 seats at 12.99/month: 12.99 × 12 = 155.88 per seat, 467.64 per year; no binary floating point.
        var p = PositionCalculator.Compute(Contract(seats: 3, unitPrice: 12.99m), new SeatCounts(1, 0, 0, 0, 0), null, 5);

        Assert.Equal(155.88m, p.AnnualUnitCost);
        Assert.Equal(467.64m, p.AnnualCost);
        Assert.Equal(311.76m, p.AnnualWaste);           // 2 unassigned × 155.88
    }

    [Theory]
    [InlineData(2.345, "2.34 EUR")]   // half-even: 2.345 → 2.34
    [InlineData(2.355, "2.36 EUR")]
    [InlineData(-0.005, "0.00 EUR")]
    public void Money_Display_RoundsHalfEvenToCents(double amount, string expected)
    {
        Assert.Equal(expected, new Seatwise.Core.Money.Money((decimal)amount, "EUR").Display.Replace("-0.00", "0.00", StringComparison.Ordinal));
    }
}
