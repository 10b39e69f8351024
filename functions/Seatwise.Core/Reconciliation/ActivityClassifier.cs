using Seatwise.Core.Inventory;

namespace Seatwise.Core.Reconciliation;

public enum ActivityStatus
{
    Active,
    New,
    Inactive,
    Disabled,
    Unknown,
}

/// <summary>Classifies a seat's account at run time <c>t</c> (DESIGN.md section 6, "Account activity").</summary>
public static class ActivityClassifier
{
    /// <summary>
    /// Precedence: disabled, then new (created within <paramref name="graceDays"/> of t, inclusive), then
    /// unknown (the source has no activity data at all, e.g. no Entra ID P1), then inactive (no activity, or
    /// activity strictly older than <paramref name="inactivityDays"/> before t), else active. Exactly
    /// <paramref name="inactivityDays"/> ago still counts as active; exactly <paramref name="graceDays"/> after
    /// creation still counts as new.
    /// </summary>
    public static ActivityStatus Classify(Account account, DateTimeOffset t, int inactivityDays, int graceDays, bool activityKnown)
    {
        if (!account.Enabled)
        {
            return ActivityStatus.Disabled;
        }

        if (account.CreatedAt is { } created && created >= t.AddDays(-graceDays))
        {
            return ActivityStatus.New;
        }

        if (!activityKnown)
        {
            return ActivityStatus.Unknown;
        }

        var last = account.LastActivity;
        return last is null || last < t.AddDays(-inactivityDays) ? ActivityStatus.Inactive : ActivityStatus.Active;
    }

    public static string ToName(this ActivityStatus status) => status switch
    {
        ActivityStatus.Active => "active",
        ActivityStatus.New => "new",
        ActivityStatus.Inactive => "inactive",
        ActivityStatus.Disabled => "disabled",
        _ => "unknown",
    };
}
