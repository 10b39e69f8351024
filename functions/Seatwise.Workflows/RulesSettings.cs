using System.ComponentModel.DataAnnotations;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Workflows;

/// <summary>Settings under <c>Rules__</c> (DESIGN.md section 6 defaults).</summary>
public sealed class RulesSettings
{
    public const string Section = "Rules";

    [Range(1, 3650)]
    public int InactivityDays { get; set; } = 90;

    [Range(0, 365)]
    public int GraceDays { get; set; } = 30;

    [Range(0, 1000)]
    public decimal HeadroomPercent { get; set; } = 5;

    [Range(0, 3650)]
    public int RenewalLookaheadDays { get; set; } = 60;

    [Range(1, 3650)]
    public int DormantAppDays { get; set; } = 90;

    [Range(0, 100)]
    public decimal PriceDriftTolerancePercent { get; set; } = 2;

    /// <summary>Product keys separated by ';' or ','.</summary>
    public string? IgnoredProducts { get; set; }

    /// <summary>App ids or names separated by ';'.</summary>
    public string? AllowedApps { get; set; }

    [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Rules__Currency must be an ISO 4217 code such as EUR.")]
    public string Currency { get; set; } = "USD";

    public RulesOptions ToRules() => new()
    {
        InactivityDays = InactivityDays,
        GraceDays = GraceDays,
        HeadroomPercent = HeadroomPercent,
        RenewalLookaheadDays = RenewalLookaheadDays,
        DormantAppDays = DormantAppDays,
        PriceDriftTolerancePercent = PriceDriftTolerancePercent,
        IgnoredProducts = Split(IgnoredProducts, ';', ','),
        AllowedApps = Split(AllowedApps, ';'),
        DefaultCurrency = Currency,
    };

    private static HashSet<string> Split(string? value, params char[] separators) =>
        new((value ?? string.Empty).Split(separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), StringComparer.OrdinalIgnoreCase);
}

/// <summary>Settings under <c>Runs__</c>: how many tenants' runs go on at once.</summary>
public sealed class RunSettings
{
    public const string Section = "Runs";

    /// <summary>
    /// At most this many runs (of all tenants) collect and reconcile at once; the others wait for a slot. 0: no
    /// limit (one tenant, or a few). Sized to the Graph app-wide budget and the plan's instances: docs/multi-tenant.md.
    /// </summary>
    [Range(0, 1000)]
    public int MaxConcurrentTenants { get; set; }

    /// <summary>Seconds a waiting run sleeps (a durable timer) before asking again.</summary>
    [Range(1, 3600)]
    public int SlotWaitSeconds { get; set; } = 60;

    /// <summary>A run that waited this long for a slot fails, naming the setting to raise.</summary>
    public const int MaxSlotWaitHours = 6;
}

/// <summary>Settings under <c>Retention__</c>.</summary>
public sealed class RetentionSettings
{
    public const string Section = "Retention";

    /// <summary>How many finished runs keep their positions, seat lines, apps and snapshots.</summary>
    [Range(1, 3650)]
    public int Runs { get; set; } = 30;

    /// <summary>How many months of the monthly history per contract (table Trends) are kept; run retention never touches it.</summary>
    [Range(1, 600)]
    public int TrendMonths { get; set; } = 36;
}
