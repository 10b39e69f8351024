using System.Globalization;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;

namespace Seatwise.Core.Reclaim;

/// <summary>What a plan does to a seat, per source: the one list of reclaim actions.</summary>
public static class ReclaimActions
{
    /// <summary>Microsoft 365: <c>POST /users/{id}/assignLicense</c> with the SKU in <c>removeLicenses</c>.</summary>
    public const string RemoveLicense = "remove-license";

    /// <summary>Zoom: the user becomes Basic (<c>PATCH /users/{userId}</c>, <c>type: 1</c>).</summary>
    public const string DowngradeToBasic = "downgrade-to-basic";

    /// <summary>GitHub Copilot: <c>DELETE /orgs/{org}/copilot/billing/selected_users</c>.</summary>
    public const string RemoveCopilotSeat = "remove-copilot-seat";

    /// <summary>Slack (SCIM <c>active: false</c>) and Salesforce (<c>IsActive: false</c>): the member is deactivated, which ends the seat's billing.</summary>
    public const string DeactivateUser = "deactivate-user";

    /// <summary>No write call: a person removes the seat in the vendor's admin centre.</summary>
    public const string Manual = "manual";

    /// <summary>The action for a seat of <paramref name="source"/> and product, and where an admin does it by hand otherwise.</summary>
    public static (string Action, string? AdminUrl) For(string source, string productKey) => source switch
    {
        SourceNames.Graph => (RemoveLicense, null),
        SourceNames.Zoom => (DowngradeToBasic, null),
        SourceNames.GitHub when productKey.StartsWith("copilot", StringComparison.OrdinalIgnoreCase) => (RemoveCopilotSeat, null),
        SourceNames.GitHub => (Manual, "https://github.com/orgs/{org}/people"),
        SourceNames.Slack => (DeactivateUser, null),
        SourceNames.Salesforce => (DeactivateUser, null),
        // Atlassian's API suspends a user's access to every app at once; a seat is one product, so a person decides.
        SourceNames.Atlassian => (Manual, "https://admin.atlassian.com"),
        _ => (Manual, null),
    };
}

/// <summary>Where a plan is in its life. Only a draft changes; an approved plan is what gets executed, as approved.</summary>
public static class ReclaimPlanStatus
{
    public const string Draft = "draft";
    public const string Approved = "approved";

    /// <summary>Execution has started: seats are being acted on.</summary>
    public const string Executing = "executing";

    /// <summary>Every planned seat has an outcome (done, skipped or failed).</summary>
    public const string Executed = "executed";

    /// <summary>Undo has started: removed seats are being given back.</summary>
    public const string Undoing = "undoing";

    /// <summary>Every seat the execution removed has an undo outcome.</summary>
    public const string Undone = "undone";
}

/// <summary>Whether a seat of a plan is acted on, and if not, why.</summary>
public static class ReclaimItemStatus
{
    public const string Planned = "planned";
    public const string Excluded = "excluded";
}

/// <summary>Which open savings findings a plan takes (the body of <c>POST /api/reclaim-plans</c>).</summary>
public sealed record ReclaimFilter
{
    public string? ContractId { get; init; }

    /// <summary>Finding types; empty: every type a plan can take (<see cref="ReclaimPlanner.Types"/>).</summary>
    public IReadOnlyList<string> Types { get; init; } = [];

    /// <summary>Only seats idle at least this many days (a seat never used counts as idle forever).</summary>
    public int? MinDaysInactive { get; init; }
}

/// <summary>One seat of a plan.</summary>
public sealed record ReclaimItem
{
    public required string FindingId { get; init; }

    public required string Type { get; init; }

    public string? ContractId { get; init; }

    public required string Source { get; init; }

    public required string AccountId { get; init; }

    public required string IdentityKey { get; init; }

    public required string Subject { get; init; }

    public required string ProductKey { get; init; }

    public required string Action { get; init; }

    /// <summary>Where an admin removes the seat by hand when <see cref="Action"/> is <c>manual</c>.</summary>
    public string? AdminUrl { get; init; }

    public DateTimeOffset? LastActivity { get; init; }

    /// <summary>The finding's savings a year.</summary>
    public required decimal AnnualCost { get; init; }

    public required string Currency { get; init; }

    public required string Status { get; init; }

    /// <summary>Why the seat is not acted on (<see cref="ReclaimItemStatus.Excluded"/>).</summary>
    public string? Reason { get; init; }

    /// <summary>What execution did to the seat (<see cref="ReclaimOutcomes"/>); null until it is acted on. Never stored with the approved seat.</summary>
    public ReclaimStep? Execution { get; init; }

    /// <summary>What undo did to the seat; null unless undo reached it.</summary>
    public ReclaimStep? Undo { get; init; }

    /// <summary>The notice its holder was sent, with a notice period.</summary>
    public ReclaimStep? Notice { get; init; }

    /// <summary>Set when its holder followed the keep link: execution leaves the seat alone.</summary>
    public ReclaimStep? Kept { get; init; }
}

/// <summary>A reclaim plan: the seats a filter selected, what will and will not be done to each, and the money.</summary>
public sealed record ReclaimPlan
{
    public required string Id { get; init; }

    public required string Status { get; init; }

    public required ReclaimFilter Filter { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset ExpiresAt { get; init; }

    public DateTimeOffset? ApprovedAt { get; init; }

    public DateTimeOffset? ExecutedAt { get; init; }

    /// <summary>With a notice period: when execution acts on the seats (their holders were told this time).</summary>
    public DateTimeOffset? ActsAt { get; init; }

    public DateTimeOffset? UndoneAt { get; init; }

    /// <summary>Seats per execution outcome (<c>done</c>, <c>skipped</c>, <c>failed</c>), once executed.</summary>
    public IReadOnlyDictionary<string, int> ExecutionOutcomes { get; init; } = new Dictionary<string, int>();

    /// <summary>Seats per undo outcome, once undone.</summary>
    public IReadOnlyDictionary<string, int> UndoOutcomes { get; init; } = new Dictionary<string, int>();

    public required IReadOnlyList<ReclaimItem> Items { get; init; }

    public bool IsExpired(DateTimeOffset now) => Status == ReclaimPlanStatus.Draft && now >= ExpiresAt;

    /// <summary>How many seats the plan acts on (kept with the plan, so a list of plans needs no seats).</summary>
    public int PlannedSeats { get; init; }

    /// <summary>How many seats it leaves, each with its reason.</summary>
    public int ExcludedSeats { get; init; }

    /// <summary>The planned seats' savings a year, per currency (never summed across currencies).</summary>
    public IReadOnlyDictionary<string, decimal> Savings { get; init; } = new Dictionary<string, decimal>();

    /// <summary>The plan with its counts and savings worked out from its seats.</summary>
    public ReclaimPlan WithTotals() => this with
    {
        PlannedSeats = Items.Count(i => i.Status == ReclaimItemStatus.Planned),
        ExcludedSeats = Items.Count(i => i.Status != ReclaimItemStatus.Planned),
        Savings = Items.Where(i => i.Status == ReclaimItemStatus.Planned).GroupBy(i => i.Currency, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(i => i.AnnualCost), StringComparer.Ordinal),
    };
}

/// <summary>The reclaim settings the planner applies (<c>Reclaim__*</c>).</summary>
public sealed record ReclaimRules
{
    /// <summary>At most this many seats a plan acts on; the rest are excluded, naming the cap.</summary>
    public int MaxSeatsPerPlan { get; init; } = 500;

    /// <summary>How long a draft may wait for its approval.</summary>
    public TimeSpan PlanLifetime { get; init; } = TimeSpan.FromDays(7);

    /// <summary>How long seat holders are told in advance; zero acts at once, without a notice.</summary>
    public TimeSpan NoticePeriod { get; init; } = TimeSpan.Zero;

    /// <summary>How long a seat its holder asked to keep stays out of plans.</summary>
    public TimeSpan KeepPeriod { get; init; } = TimeSpan.FromDays(90);

    /// <summary>How long after execution an undo may still give the seats back.</summary>
    public TimeSpan UndoWindow { get; init; } = TimeSpan.FromDays(14);

    /// <summary>Identity keys never reclaimed (executives, break-glass accounts).</summary>
    public IReadOnlySet<string> ExemptIdentities { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// Builds a reclaim plan from the open ledger: every open savings finding about one seat that the filter selects,
/// idle seats longest first, with the action per source and the reason for each seat that will not be acted on.
/// </summary>
public static class ReclaimPlanner
{
    /// <summary>The finding types a plan can take: savings about one person's seat.</summary>
    public static readonly IReadOnlyList<string> Types =
        [FindingTypes.InactiveSeat, FindingTypes.DisabledSeat, FindingTypes.OrphanedSeat, FindingTypes.RedundantLicense];

    public static ReclaimPlan Build(string tenant, IEnumerable<LedgerEntry> ledger, ReclaimFilter filter, ReclaimRules rules, DateTimeOffset now, IReadOnlyList<ReclaimKeep>? kept = null)
    {
        var keeps = (kept ?? []).Where(k => k.Until > now)
            .GroupBy(k => (k.Source, k.IdentityKey.ToUpperInvariant(), k.ProductKey.ToUpperInvariant()))
            .ToDictionary(g => g.Key, g => g.Max(k => k.Until));
        var types = filter.Types.Count == 0 ? Types : filter.Types;
        var selected = ledger
            .Where(e => e.Status == FindingStatus.Open && types.Contains(e.Finding.Type, StringComparer.Ordinal))
            .Where(e => filter.ContractId is null || string.Equals(e.Finding.ContractId, filter.ContractId, StringComparison.Ordinal))
            .Select(e => (Entry: e, LastActivity: LastActivity(e.Finding)))
            .Where(s => filter.MinDaysInactive is not { } days || s.LastActivity is null || (now - s.LastActivity.Value).TotalDays >= days)
            .OrderBy(s => s.LastActivity ?? DateTimeOffset.MinValue)
            .ThenBy(s => s.Entry.Finding.Id, StringComparer.Ordinal)
            .ToList();

        var planned = 0;
        var items = new List<ReclaimItem>(selected.Count);
        // Two findings can be about one seat (a disabled user's licence that is also redundant): the seat is acted
        // on, and its savings counted, once.
        var seats = new Dictionary<(string, string, string), string>();
        foreach (var (entry, lastActivity) in selected)
        {
            var f = entry.Finding;
            var evidence = f.Evidence;
            var source = evidence.GetValueOrDefault("source") ?? (f.Sources.Count > 0 ? f.Sources[0] : string.Empty);
            var identity = evidence.GetValueOrDefault("identityKey") ?? f.SubjectKey.Split('|')[0];
            var product = f.ProductKey ?? evidence.GetValueOrDefault("productKey") ?? evidence.GetValueOrDefault("redundantProduct") ?? string.Empty;
            var (action, adminUrl) = ReclaimActions.For(source, product);
            var seat = (source, identity.ToUpperInvariant(), product.ToUpperInvariant());
            var sameSeat = seats.GetValueOrDefault(seat);
            seats.TryAdd(seat, f.Id);
            var reason = rules.ExemptIdentities.Contains(identity) ? $"{identity} is exempt (Reclaim__ExemptUsers)."
                : keeps.TryGetValue(seat, out var keptUntil) ? $"Its holder asked to keep it after a notice; left alone until {keptUntil.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} (Reclaim__KeepDays)."
                : sameSeat is not null ? $"The same seat as finding {sameSeat}, which the plan already takes."
                : evidence.GetValueOrDefault("assignedByGroup") is { Length: > 0 } groups
                    ? $"Assigned through group {groups.Replace(";", ", ", StringComparison.Ordinal)}: remove the person from the group or the licence from the group; Seatwise never removes a group's licence from one person."
                : action == ReclaimActions.Manual ? $"Seatwise cannot remove {source} seats: remove it by hand{(adminUrl is null ? "." : " at " + adminUrl + ".")}"
                : planned >= rules.MaxSeatsPerPlan ? $"Beyond the plan's cap of {rules.MaxSeatsPerPlan} seats (Reclaim__MaxSeatsPerPlan): it goes into the next plan."
                : null;
            if (reason is null)
            {
                planned++;
            }

            items.Add(new ReclaimItem
            {
                FindingId = f.Id,
                Type = f.Type,
                ContractId = string.IsNullOrEmpty(f.ContractId) ? null : f.ContractId,
                Source = source,
                AccountId = evidence.GetValueOrDefault("accountId") ?? identity,
                IdentityKey = identity,
                Subject = f.Subject,
                ProductKey = product,
                Action = action,
                AdminUrl = adminUrl,
                LastActivity = lastActivity,
                AnnualCost = f.AnnualCost,
                Currency = f.Currency,
                Status = reason is null ? ReclaimItemStatus.Planned : ReclaimItemStatus.Excluded,
                Reason = reason,
            });
        }

        return new ReclaimPlan
        {
            Id = PlanId(tenant, now, filter),
            Status = ReclaimPlanStatus.Draft,
            Filter = filter with { Types = types },
            CreatedAt = now,
            ExpiresAt = now + rules.PlanLifetime,
            Items = items,
        }.WithTotals();
    }

    /// <summary>A draft with the given seats excluded (by a person, with their reason) or included again.</summary>
    public static ReclaimPlan Edit(ReclaimPlan plan, IReadOnlyCollection<string> exclude, IReadOnlyCollection<string> include, string? reason)
    {
        var edited = plan with
        {
            Items = [.. plan.Items.Select(i =>
                exclude.Contains(i.FindingId) ? i with { Status = ReclaimItemStatus.Excluded, Reason = "Excluded by a person" + (string.IsNullOrWhiteSpace(reason) ? "." : ": " + reason.Trim()) }
                : include.Contains(i.FindingId) && i.Status == ReclaimItemStatus.Excluded && i.Reason?.StartsWith("Excluded by a person", StringComparison.Ordinal) == true
                    ? i with { Status = ReclaimItemStatus.Planned, Reason = null }
                    : i)],
        };
        return edited.WithTotals();
    }

    /// <summary>Deterministic: the same tenant, instant and filter give the same id.</summary>
    public static string PlanId(string tenant, DateTimeOffset createdAt, ReclaimFilter filter)
    {
        var key = string.Join("|", filter.ContractId ?? string.Empty, string.Join(",", filter.Types), filter.MinDaysInactive?.ToString(CultureInfo.InvariantCulture) ?? string.Empty);
        var hash = Finding.ComputeId(tenant, "reclaim-plan", createdAt.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), key);
        return "rp-" + createdAt.UtcDateTime.ToString("yyyyMMddTHHmmss", CultureInfo.InvariantCulture) + "-" + hash[..8];
    }

    private static DateTimeOffset? LastActivity(Finding finding) =>
        finding.Evidence.TryGetValue("lastActivity", out var text) &&
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
}
