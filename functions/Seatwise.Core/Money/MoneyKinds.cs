using Seatwise.Core.Findings;

namespace Seatwise.Core.Money;

/// <summary>
/// What kind of money a finding carries. Amounts of different kinds answer different questions, so no total,
/// tile or headline ever adds them together.
/// </summary>
public static class MoneyKinds
{
    /// <summary>Money that stops being spent when a person acts (reclaim a seat, cut unassigned seats).</summary>
    public const string Savings = "savings";

    /// <summary>A liability the bill does not show yet: a true-up for seats used beyond the contract, unpriced products.</summary>
    public const string Exposure = "exposure";

    /// <summary>Spend a person must decide about (a renewal, overlapping or dormant apps); not money saved by itself.</summary>
    public const string Review = "review";

    public static readonly IReadOnlyList<string> All = [Savings, Exposure, Review];

    /// <summary>The kind of each finding type: the one place this is decided.</summary>
    public static string Of(string findingType) => findingType switch
    {
        FindingTypes.UnassignedSeats or FindingTypes.InactiveSeat or FindingTypes.DisabledSeat or FindingTypes.OrphanedSeat
            or FindingTypes.RedundantLicense => Savings,
        FindingTypes.OverAssigned or FindingTypes.UncontractedProduct or FindingTypes.PriceDrift => Exposure,
        FindingTypes.RenewalDue or FindingTypes.OverlappingApps or FindingTypes.DormantApp or FindingTypes.UnmanagedApp
            or FindingTypes.UncontractedSpend => Review,
        _ => throw new ArgumentOutOfRangeException(nameof(findingType), findingType, "unknown finding type"),
    };
}
