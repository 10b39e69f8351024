using System.ComponentModel.DataAnnotations;
using Seatwise.Core.Reclaim;

namespace Seatwise.Workflows.Reclaim;

/// <summary>Settings under <c>Reclaim__</c> (docs/reclaim.md).</summary>
public sealed class ReclaimSettings
{
    public const string Section = "Reclaim";

    /// <summary>The kill switch: nothing is ever written to a vendor unless this is true. Plans and approvals work either way.</summary>
    public bool Enabled { get; set; }

    [Range(1, 10_000)]
    public int MaxSeatsPerPlan { get; set; } = 500;

    /// <summary>How many days a draft waits for its approval before it expires.</summary>
    [Range(1, 90)]
    public int PlanLifetimeDays { get; set; } = 7;

    /// <summary>
    /// Days seat holders are told before their seat is reclaimed, with a link to keep it (0: no notice, execution
    /// acts at once). Fractions are allowed (tests use seconds).
    /// </summary>
    [Range(0, 60)]
    public double NoticeDays { get; set; }

    /// <summary>The mailbox notices are sent from (Graph <c>sendMail</c>, permission Mail.Send).</summary>
    public string? NoticeMailbox { get; set; }

    /// <summary>Days a seat its holder kept stays out of plans.</summary>
    [Range(1, 730)]
    public int KeepDays { get; set; } = 90;

    /// <summary>How many days after execution an undo may still give the seats back.</summary>
    [Range(0, 90)]
    public int UndoWindowDays { get; set; } = 14;

    /// <summary>Identity keys (UPNs, emails) never reclaimed, separated by ';' or ','.</summary>
    public string? ExemptUsers { get; set; }

    /// <summary>
    /// The approver key, sent as <c>x-seatwise-approver-key</c> to approve a plan; a different secret from the API key
    /// (in Azure a Key Vault reference). Empty: no plan can be approved.
    /// </summary>
    public string? ApproverKey { get; set; }

    public ReclaimRules ToRules() => new()
    {
        MaxSeatsPerPlan = MaxSeatsPerPlan,
        PlanLifetime = TimeSpan.FromDays(PlanLifetimeDays),
        UndoWindow = TimeSpan.FromDays(UndoWindowDays),
        NoticePeriod = TimeSpan.FromDays(NoticeDays),
        KeepPeriod = TimeSpan.FromDays(KeepDays),
        ExemptIdentities = (ExemptUsers ?? string.Empty).Split([';', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .ToHashSet(StringComparer.OrdinalIgnoreCase),
    };
}
