using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Reconciliation;

public sealed class ActivityClassifierTests
{
    private static ActivityStatus Classify(Account account, bool activityKnown = true) =>
        ActivityClassifier.Classify(account, RunAt, inactivityDays: 90, graceDays: 30, activityKnown);

    [Theory]
    [InlineData(0, ActivityStatus.Active)]
    [InlineData(89.99, ActivityStatus.Active)]
    [InlineData(90, ActivityStatus.Active)]        // exactly 90 days is not "older than" 90 days
    [InlineData(90.0001, ActivityStatus.Inactive)]
    [InlineData(365, ActivityStatus.Inactive)]
    public void Classify_ByDaysSinceLastActivity(double daysAgo, ActivityStatus expected)
    {
        Assert.Equal(expected, Classify(Account("ann", daysAgo)));
    }

    [Fact]
    public void Classify_NeverSignedIn_IsInactive()
    {
        Assert.Equal(ActivityStatus.Inactive, Classify(Account("ann", daysAgo: null)));
    }

    [Theory]
    [InlineData(0, ActivityStatus.New)]
    [InlineData(30, ActivityStatus.New)]         // exactly 30 days of grace still counts as new
    [InlineData(30.0001, ActivityStatus.Inactive)]
    public void Classify_NewHireWithoutSignIn_ByDaysSinceCreation(double createdDaysAgo, ActivityStatus expected)
    {
        Assert.Equal(expected, Classify(Account("ann", daysAgo: null, createdDaysAgo: createdDaysAgo)));
    }

    [Fact]
    public void Classify_DisabledBeatsNewAndActive()
    {
        Assert.Equal(ActivityStatus.Disabled, Classify(Account("ann", daysAgo: 0, enabled: false, createdDaysAgo: 1)));
    }

    [Fact]
    public void Classify_SourceWithoutActivityData_IsUnknownButDisabledAndNewStillKnown()
    {
        Assert.Equal(ActivityStatus.Unknown, Classify(Account("ann", daysAgo: null), activityKnown: false));
        Assert.Equal(ActivityStatus.Disabled, Classify(Account("bob", enabled: false), activityKnown: false));
        Assert.Equal(ActivityStatus.New, Classify(Account("cy", createdDaysAgo: 3), activityKnown: false));
    }

    [Fact]
    public void LastActivity_SuccessfulSignInWinsOverLaterAttempts()
    {
        // A password-spray attempt yesterday must not make a 200-day-idle account look active.
        var account = Account("ann", daysAgo: 200) with { LastSignInAt = RunAt.AddDays(-1) };

        Assert.Equal(RunAt.AddDays(-200), account.LastActivity);
        Assert.Equal(ActivityStatus.Inactive, Classify(account));
    }

    [Fact]
    public void LastActivity_WithoutSuccessful_IsLaterOfInteractiveAndNonInteractive()
    {
        var account = Account("ann", daysAgo: null) with
        {
            LastSignInAt = RunAt.AddDays(-120),
            LastNonInteractiveSignInAt = RunAt.AddDays(-10),
        };

        Assert.Equal(RunAt.AddDays(-10), account.LastActivity);
        Assert.Equal(ActivityStatus.Active, Classify(account));
    }

    [Fact]
    public void LastActivity_VendorLastActiveField_IsUsed()
    {
        var account = Account("ann", daysAgo: null, source: "zoom") with { LastActiveAt = RunAt.AddDays(-100) };

        Assert.Equal(ActivityStatus.Inactive, Classify(account));
    }

    [Fact]
    public void Classify_LeapDay_CountsCalendarDays()
    {
        // 2028 is a leap year: 2028-03-01 minus 90 days is 2027-12-02 (Feb has 29 days).
        var t = new DateTimeOffset(2028, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var exactly = Account("ann") with { LastSuccessfulSignInAt = new DateTimeOffset(2027, 12, 2, 0, 0, 0, TimeSpan.Zero) };
        var dayBefore = exactly with { LastSuccessfulSignInAt = new DateTimeOffset(2027, 12, 1, 23, 59, 59, TimeSpan.Zero) };

        Assert.Equal(ActivityStatus.Active, ActivityClassifier.Classify(exactly, t, 90, 30, true));
        Assert.Equal(ActivityStatus.Inactive, ActivityClassifier.Classify(dayBefore, t, 90, 30, true));
    }

    [Fact]
    public void Classify_CustomThreshold()
    {
        Assert.Equal(ActivityStatus.Inactive, ActivityClassifier.Classify(Account("ann", 31), RunAt, 30, 30, true));
    }
}
