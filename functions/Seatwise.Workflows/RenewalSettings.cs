using System.ComponentModel.DataAnnotations;

namespace Seatwise.Workflows;

/// <summary>
/// Settings under <c>Renewals__</c>: how far ahead each view of the renewal calendar looks, one name each. The
/// <c>renewal-due</c> finding has its own look-ahead (<c>Rules__RenewalLookaheadDays</c>).
/// </summary>
public sealed class RenewalSettings
{
    public const string Section = "Renewals";

    /// <summary><c>Renewals__AlertDays</c>: a run's Teams card lists notice dates this many days ahead.</summary>
    [Range(1, 3650)]
    public int AlertDays { get; set; } = 30;

    /// <summary><c>Renewals__DigestDays</c>: the weekly digest lists renewals this many days ahead.</summary>
    [Range(1, 3650)]
    public int DigestDays { get; set; } = 90;

    /// <summary><c>Renewals__CalendarDays</c>: the default of <c>GET /api/renewals?withinDays=</c> and the summary's renewals.</summary>
    [Range(0, 3650)]
    public int CalendarDays { get; set; } = 90;
}
