namespace Seatwise.Core.Reconciliation;

/// <summary>The thresholds of DESIGN.md section 6 (settings <c>Rules__*</c>; some overridable per contract).</summary>
public sealed record RulesOptions
{
    public int InactivityDays { get; init; } = 90;

    public int GraceDays { get; init; } = 30;

    public decimal HeadroomPercent { get; init; } = 5;

    public int RenewalLookaheadDays { get; init; } = 60;

    public int DormantAppDays { get; init; } = 90;

    /// <summary>How far, in percent of the contracted charges, the Azure bill may differ before <c>price-drift</c>.</summary>
    public decimal PriceDriftTolerancePercent { get; init; } = 2;

    /// <summary>Products that are inventoried and shown but raise no findings (free or grant SKUs).</summary>
    public IReadOnlySet<string> IgnoredProducts { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Currency of findings that have no contract (and so no price).</summary>
    public string DefaultCurrency { get; init; } = "USD";

    /// <summary>App ids or display names that count as managed without a contract.</summary>
    public IReadOnlySet<string> AllowedApps { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public bool IsIgnored(string productKey) => IgnoredProducts.Contains(productKey);
}
