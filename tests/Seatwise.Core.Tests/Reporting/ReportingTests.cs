using Seatwise.Core.Contracts;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Tests.Reporting;

public sealed class ReportingTests
{
    // RunAt is 2026-06-15.
    [Fact]
    public void Upcoming_KeepsCommittedContractsWhoseNoticeFallsInTheWindow_SoonestFirst()
    {
        var contracts = new[]
        {
            // notice 2026-07-15: 30 days ahead, inside 90.
            TestData.Contract("in-window", billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 8, 14), noticeDays: 30),
            // notice 2026-06-05: passed 10 days ago while the renewal (2026-07-05) is still ahead: listed first.
            TestData.Contract("notice-passed", billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 7, 5), noticeDays: 30),
            // notice 2026-09-14: 91 days ahead, outside 90.
            TestData.Contract("too-far", billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 10, 14), noticeDays: 30),
            // renewed already (renewal date before today).
            TestData.Contract("past", billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 6, 1), noticeDays: 0),
            // month to month: never "expiring".
            TestData.Contract("monthly", billing: BillingPeriod.Monthly, renewalDate: new DateOnly(2026, 7, 1), noticeDays: 0),
        };

        var upcoming = Renewals.Upcoming(contracts, TestData.RunAt, 90);

        Assert.Equal(["notice-passed", "in-window"], upcoming.Select(r => r.Contract.Id));
        Assert.Equal(-10, upcoming[0].DaysToNotice);
        Assert.Equal(20, upcoming[0].DaysToRenewal);
        Assert.Equal(30, upcoming[1].DaysToNotice);
        Assert.Equal(new DateOnly(2026, 7, 15), upcoming[1].NoticeDate);
    }

    [Fact]
    public void Upcoming_WindowEdge_NoticeExactlyWithinDaysAheadIsIn()
    {
        var contract = TestData.Contract("edge", billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 9, 13), noticeDays: 0);

        Assert.Single(Renewals.Upcoming([contract], TestData.RunAt, 90));
        Assert.Empty(Renewals.Upcoming([contract], TestData.RunAt, 89));
    }

    [Fact]
    public void ByCurrency_SumsPerCurrency_AndUtilizationIsSeatWeighted()
    {
        var big = PositionCalculator.Compute(TestData.Contract("big", seats: 1000, unitPrice: 10m), new SeatCounts(900, 0, 50, 0, 0), null, 0);
        var small = PositionCalculator.Compute(TestData.Contract("small", seats: 10, unitPrice: 5m), new SeatCounts(1, 0, 0, 0, 0), null, 0);
        var usd = PositionCalculator.Compute(TestData.Contract("usd", seats: 4, unitPrice: 100m, currency: "USD", billing: BillingPeriod.Annual), new SeatCounts(2, 1, 0, 1, 0), null, 0);

        var totals = Totals.ByCurrency([big, small, usd]);

        var eur = totals.Single(t => t.Currency == "EUR");
        // big: 1000 × 120 = 120,000; small: 10 × 60 = 600.
        Assert.Equal(120_600m, eur.AnnualCost);
        // big: (50 unassigned + 50 inactive) × 120 = 12,000; small: 9 unassigned × 60 = 540.
        Assert.Equal(12_540m, eur.AnnualWaste);
        // (900 + 1) / (1000 + 10), not the mean of 0.9 and 0.1.
        Assert.Equal(901m / 1010m, eur.Utilization);
        Assert.Equal(2, eur.Contracts);
        var dollars = totals.Single(t => t.Currency == "USD");
        Assert.Equal(400m, dollars.AnnualCost);
        Assert.Equal(0.75m, dollars.Utilization);
    }

    [Fact]
    public void ByCurrency_NothingEntitled_UtilizationIsNull()
    {
        var none = PositionCalculator.Compute(TestData.Contract("none", seats: 0), SeatCounts.Empty, null, 0);

        Assert.Null(Assert.Single(Totals.ByCurrency([none])).Utilization);
    }
}
