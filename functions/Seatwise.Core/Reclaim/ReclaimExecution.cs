namespace Seatwise.Core.Reclaim;

/// <summary>The two things done to an approved plan's seats: take them (execute) and give them back (undo).</summary>
public static class ReclaimPhases
{
    public const string Execute = "execute";
    public const string Undo = "undo";

    /// <summary>Before execution, with a notice period: the holder was told (a step per seat).</summary>
    public const string Notice = "notice";

    /// <summary>The holder followed the notice's keep link: execution leaves the seat alone.</summary>
    public const string Keep = "keep";

    public static bool IsKnown(string phase) => phase is Execute or Undo;
}

/// <summary>What happened to one seat in a phase.</summary>
public static class ReclaimOutcomes
{
    /// <summary>The vendor did it (or, for undo, gave the seat back).</summary>
    public const string Done = "done";

    /// <summary>Nothing was sent, with the reason: the seat was already gone, it is group-assigned, the kill switch is off.</summary>
    public const string Skipped = "skipped";

    /// <summary>The vendor refused or could not be reached; the detail carries its message. A later execution retries it.</summary>
    public const string Failed = "failed";

    /// <summary>Final: a repeated execution or undo never sends anything for these again.</summary>
    public static bool IsFinal(string outcome) => outcome is Done or Skipped;
}

/// <summary>A write request as a person reviews it (dry run) and as the audit trail records it; never a token.</summary>
public sealed record ReclaimRequest(string Method, string Url, string? Body)
{
    public override string ToString() => Body is null ? $"{Method} {Url}" : $"{Method} {Url} {Body}";
}

/// <summary>One seat's outcome in one phase: what was sent, what came back, and when.</summary>
public sealed record ReclaimStep
{
    public required string Phase { get; init; }

    public required string Outcome { get; init; }

    public required string Detail { get; init; }

    /// <summary>The requests sent, in order (reads included), or empty when nothing was sent.</summary>
    public IReadOnlyList<string> Requests { get; init; } = [];

    /// <summary>The vendor's answer to the write, as status and message.</summary>
    public string? Response { get; init; }

    public required DateTimeOffset At { get; init; }
}

/// <summary>
/// Acts on one source's seats. Each call is idempotent: it reads the seat's current state first and sends the write
/// only when the seat still needs it, so a retried batch or a repeated execution does nothing twice.
/// </summary>
public interface IReclaimWriter
{
    /// <summary>The source whose seats it acts on.</summary>
    string Source { get; }

    /// <summary>The write it would send for the seat in the phase, for a dry run: nothing is called.</summary>
    ReclaimRequest Describe(ReclaimItem item, string phase);

    /// <summary>Acts on the seat. Vendor refusals are a <see cref="ReclaimOutcomes.Failed"/> step, not an exception.</summary>
    Task<ReclaimStep> ApplyAsync(ReclaimItem item, string phase, DateTimeOffset now, CancellationToken cancellationToken);
}

/// <summary>Tells a seat holder that their seat is about to be reclaimed.</summary>
public interface IReclaimNotifier
{
    /// <summary>False when no channel is configured: a notice period then cannot be honoured.</summary>
    bool IsConfigured { get; }

    /// <summary>What the notice was sent with, for the audit (e.g. <c>POST /users/{mailbox}/sendMail</c>).</summary>
    string Channel { get; }

    /// <summary>Sends the notice; a refusal is an exception with the channel's message.</summary>
    Task SendAsync(ReclaimNoticeMessage message, CancellationToken cancellationToken);
}

/// <summary>The rules of the reclaim life cycle that the API and the orchestration share.</summary>
public static class ReclaimLifecycle
{
    /// <summary>Seats a phase acts on: execution takes the planned seats, undo the seats execution removed.</summary>
    public static IEnumerable<(int Index, ReclaimItem Item)> Targets(ReclaimPlan plan, string phase) =>
        plan.Items.Select((item, i) => (i, item)).Where(x => phase == ReclaimPhases.Execute
            ? x.item.Status == ReclaimItemStatus.Planned
            : x.item.Execution?.Outcome == ReclaimOutcomes.Done);

    /// <summary>Why the phase cannot start on the plan now; null when it can.</summary>
    public static string? WhyNot(ReclaimPlan plan, string phase, ReclaimRules rules, DateTimeOffset now) => phase switch
    {
        ReclaimPhases.Execute => plan.Status switch
        {
            ReclaimPlanStatus.Approved or ReclaimPlanStatus.Executing => null,
            ReclaimPlanStatus.Executed => $"Plan '{plan.Id}' was executed at {plan.ExecutedAt:O}; a plan is executed once. Seats that failed go into a new plan after the next run.",
            ReclaimPlanStatus.Undoing or ReclaimPlanStatus.Undone => $"Plan '{plan.Id}' was undone; create a new plan.",
            _ => $"Plan '{plan.Id}' is {plan.Status}: only an approved plan is executed.",
        },
        ReclaimPhases.Undo => plan.Status switch
        {
            ReclaimPlanStatus.Undoing => null,
            ReclaimPlanStatus.Executed when plan.ExecutedAt is { } at && now - at > rules.UndoWindow =>
                $"Plan '{plan.Id}' was executed at {at:O}, more than {rules.UndoWindow.TotalDays:0} days ago (Reclaim__UndoWindowDays): undo is no longer offered.",
            ReclaimPlanStatus.Executed => null,
            ReclaimPlanStatus.Undone => $"Plan '{plan.Id}' was already undone at {plan.UndoneAt:O}.",
            _ => $"Plan '{plan.Id}' is {plan.Status}: only an executed plan can be undone.",
        },
        _ => $"Unknown phase '{phase}'.",
    };

    /// <summary>The plan with each seat's latest step of each phase and the counts per outcome.</summary>
    public static ReclaimPlan WithSteps(ReclaimPlan plan, IReadOnlyDictionary<(string Phase, int Index), ReclaimStep> steps)
    {
        var items = plan.Items.Select((item, i) => item with
        {
            Execution = steps.GetValueOrDefault((ReclaimPhases.Execute, i)),
            Undo = steps.GetValueOrDefault((ReclaimPhases.Undo, i)),
            Notice = steps.GetValueOrDefault((ReclaimPhases.Notice, i)),
            Kept = steps.GetValueOrDefault((ReclaimPhases.Keep, i)),
        }).ToList();
        return plan with
        {
            Items = items,
            ExecutionOutcomes = Count(items.Select(i => i.Execution)),
            UndoOutcomes = Count(items.Select(i => i.Undo)),
        };
    }

    private static Dictionary<string, int> Count(IEnumerable<ReclaimStep?> steps) =>
        steps.OfType<ReclaimStep>().GroupBy(s => s.Outcome, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
