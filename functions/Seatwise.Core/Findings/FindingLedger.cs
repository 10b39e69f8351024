namespace Seatwise.Core.Findings;

public enum FindingStatus
{
    Open,
    Acknowledged,
    Snoozed,
    Resolved,
}

/// <summary>The current state of one finding across runs: what it is, plus its lifecycle.</summary>
public sealed record LedgerEntry
{
    public required Finding Finding { get; init; }

    public required FindingStatus Status { get; init; }

    public string? StatusReason { get; init; }

    public DateTimeOffset? SnoozedUntil { get; init; }

    public required DateTimeOffset FirstSeenAt { get; init; }

    public required DateTimeOffset LastSeenAt { get; init; }

    public required string LastRunId { get; init; }

    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>When a Teams alert announced this finding; null until then (alert once).</summary>
    public DateTimeOffset? AlertedAt { get; init; }
}

public enum LedgerChange
{
    Opened,
    Reopened,
    StillOpen,
    SnoozeExpired,
    Resolved,
    CarriedOver,
    Unchanged,
}

public sealed record LedgerResult(IReadOnlyList<LedgerEntry> Entries, IReadOnlyDictionary<string, LedgerChange> Changes)
{
    public int Count(LedgerChange change) => Changes.Values.Count(c => c == change);
}

/// <summary>Merges one run's findings into the previous ledger (DESIGN.md section 6, "Lifecycle"). Pure.</summary>
public static class FindingLedger
{
    /// <param name="unverifiable">
    /// True for a previous finding this run could not check (its source failed or was skipped, its contract's
    /// reconciliation failed): it is carried over unchanged, never resolved.
    /// </param>
    public static LedgerResult Merge(
        IEnumerable<LedgerEntry> previous,
        IEnumerable<Finding> current,
        string runId,
        DateTimeOffset runAt,
        Func<Finding, bool> unverifiable)
    {
        var before = previous.ToDictionary(e => e.Finding.Id, StringComparer.Ordinal);
        var entries = new List<LedgerEntry>();
        var changes = new Dictionary<string, LedgerChange>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);

        foreach (var finding in current)
        {
            if (!seen.Add(finding.Id))
            {
                continue;
            }

            if (!before.TryGetValue(finding.Id, out var old))
            {
                entries.Add(New(finding, runId, runAt));
                changes[finding.Id] = LedgerChange.Opened;
                continue;
            }

            if (old.Status == FindingStatus.Resolved)
            {
                entries.Add(New(finding, runId, runAt));
                changes[finding.Id] = LedgerChange.Reopened;
                continue;
            }

            var snoozeOver = old.Status == FindingStatus.Snoozed && (old.SnoozedUntil is null || old.SnoozedUntil <= runAt);
            entries.Add(old with
            {
                Finding = finding,
                Status = snoozeOver ? FindingStatus.Open : old.Status,
                StatusReason = snoozeOver ? "snooze expired" : old.StatusReason,
                SnoozedUntil = snoozeOver ? null : old.SnoozedUntil,
                LastSeenAt = runAt,
                LastRunId = runId,
            });
            changes[finding.Id] = snoozeOver ? LedgerChange.SnoozeExpired : LedgerChange.StillOpen;
        }

        foreach (var old in before.Values)
        {
            if (seen.Contains(old.Finding.Id))
            {
                continue;
            }

            if (old.Status == FindingStatus.Resolved)
            {
                entries.Add(old);
                changes[old.Finding.Id] = LedgerChange.Unchanged;
            }
            else if (unverifiable(old.Finding))
            {
                entries.Add(old);
                changes[old.Finding.Id] = LedgerChange.CarriedOver;
            }
            else
            {
                entries.Add(old with { Status = FindingStatus.Resolved, StatusReason = "no longer seen", ResolvedAt = runAt, SnoozedUntil = null });
                changes[old.Finding.Id] = LedgerChange.Resolved;
            }
        }

        return new LedgerResult(entries, changes);
    }

    private static LedgerEntry New(Finding finding, string runId, DateTimeOffset runAt) => new()
    {
        Finding = finding,
        Status = FindingStatus.Open,
        FirstSeenAt = runAt,
        LastSeenAt = runAt,
        LastRunId = runId,
    };

    /// <summary>
    /// A status change asked for through the API: acknowledged, snoozed (until a future instant) or open again.
    /// Resolved findings are the runs' to change, not a person's.
    /// </summary>
    public static (LedgerEntry? Entry, string? Error) SetStatus(LedgerEntry entry, FindingStatus status, DateTimeOffset? snoozedUntil, string? reason, DateTimeOffset now)
    {
        if (entry.Status == FindingStatus.Resolved)
        {
            return (null, "The finding is resolved; a run reopens it if the gap comes back.");
        }

        switch (status)
        {
            case FindingStatus.Snoozed when snoozedUntil is null:
                return (null, "snoozedUntil is required to snooze a finding.");
            case FindingStatus.Snoozed when snoozedUntil <= now:
                return (null, "snoozedUntil must be in the future.");
            case FindingStatus.Resolved:
                return (null, "A finding cannot be resolved by hand; it resolves when a run no longer sees it.");
            default:
                return (entry with
                {
                    Status = status,
                    SnoozedUntil = status == FindingStatus.Snoozed ? snoozedUntil : null,
                    StatusReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(),
                }, null);
        }
    }
}
