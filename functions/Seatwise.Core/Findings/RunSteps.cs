namespace Seatwise.Core.Findings;

/// <summary>
/// The run steps that raise findings. Each finding records the step that raised it, so the ledger merge knows what
/// a failed step cannot resolve: findings of a step that did not run to the end stay as they were.
/// </summary>
public static class RunSteps
{
    /// <summary>Per contract (ReconcileContract): seat findings and contract findings.</summary>
    public const string Contract = "contract";

    /// <summary>Tenant-wide seat rules (ReconcileTenant): uncontracted products, redundant licences.</summary>
    public const string Tenant = "tenant";

    /// <summary>The app inventory (ReconcileApps): unmanaged, overlapping and dormant apps.</summary>
    public const string Apps = "apps";

    /// <summary>The Azure bill (ReconcileSpend): price drift and uncontracted Marketplace spend.</summary>
    public const string Spend = "spend";

    /// <summary>
    /// The step of a finding. Ledger rows written before findings recorded their step carry none; for those the
    /// step is the one that raises their type today (only read, never written: the next run that raises them
    /// stores their step).
    /// </summary>
    public static string Of(Finding finding) => finding.Step ?? finding.Type switch
    {
        FindingTypes.UncontractedProduct or FindingTypes.RedundantLicense => Tenant,
        FindingTypes.UnmanagedApp or FindingTypes.OverlappingApps or FindingTypes.DormantApp => Apps,
        FindingTypes.PriceDrift or FindingTypes.UncontractedSpend => Spend,
        _ => Contract,
    };
}
