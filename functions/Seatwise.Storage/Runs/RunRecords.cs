using Seatwise.Core.Inventory;

namespace Seatwise.Storage.Runs;

/// <summary>Run statuses, by their wire names.</summary>
public static class RunStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Completed = "completed";
    public const string CompletedWithErrors = "completedWithErrors";
    public const string Failed = "failed";

    public static bool IsFinished(string status) => status is Completed or CompletedWithErrors or Failed;
}

/// <summary>What a source did in a run, by wire name.</summary>
public static class SourceStatus
{
    public const string Ok = SourcePart.Ok;

    /// <summary>Collection failed; its contracts are reconciled against the last good snapshot, if any.</summary>
    public const string Failed = SourcePart.Failed;

    /// <summary>Enabled but not configured (a missing token or organization): nothing was called.</summary>
    public const string Skipped = SourcePart.Skipped;
}

/// <summary>What a contract's reconciliation did in a run, by wire name.</summary>
public static class ContractStatus
{
    public const string Ok = "ok";

    /// <summary>Reconciled against an older snapshot because its source failed this run.</summary>
    public const string Stale = "stale";

    /// <summary>Not reconciled: its source is off, skipped, or has no snapshot at all.</summary>
    public const string Skipped = "skipped";

    public const string Failed = "failed";

    /// <summary>No position from this run: the contract's findings cannot be confirmed or resolved.</summary>
    public static bool IsUnreconciled(string status) => status is Skipped or Failed;
}

/// <summary>What a tenant-wide step (seat rules, apps) did in a run, by wire name.</summary>
public static class StepStatus
{
    public const string Ok = "ok";

    /// <summary>Had nothing to work on (no Graph snapshot).</summary>
    public const string Skipped = "skipped";

    public const string Failed = "failed";
}

/// <summary>The outcome of one tenant-wide step of a run (<c>tenant</c>, <c>apps</c> or <c>spend</c>, Core's RunSteps).</summary>
public sealed record StepOutcome
{
    public required string Step { get; init; }

    /// <summary><see cref="StepStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>What it evaluated (apps for the apps step, accounts for the tenant step).</summary>
    public int Items { get; init; }

    public int Findings { get; init; }

    public string? Error { get; init; }
}

/// <summary>What one source did in a run: collected, failed (with the snapshot used instead) or skipped.</summary>
public sealed record SourceOutcome
{
    public required string Source { get; init; }

    /// <summary><see cref="SourceStatus"/>.</summary>
    public required string Status { get; init; }

    public string? Error { get; init; }

    public int Accounts { get; init; }

    public int Seats { get; init; }

    public int Apps { get; init; }

    public double DurationSeconds { get; init; }

    public bool ActivityKnown { get; init; } = true;

    /// <summary>Vendor accounts the source names no address for: they cannot be joined with Entra ID (never leavers).</summary>
    public int Unmatched { get; init; }

    /// <summary>Optional parts of the source and how they went (Graph: <c>m365usage</c>); empty when it has none.</summary>
    public IReadOnlyList<SourcePart> Parts { get; init; } = [];

    /// <summary>The run whose snapshot contracts of this source are reconciled against; null when none exists.</summary>
    public string? SnapshotRunId { get; init; }

    /// <summary>When the snapshot used was collected (older than this run when the source failed).</summary>
    public DateTimeOffset? SnapshotCollectedAt { get; init; }

    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>The outcome of one contract's reconciliation in a run.</summary>
public sealed record ContractOutcome
{
    public required string ContractId { get; init; }

    /// <summary><see cref="ContractStatus"/>.</summary>
    public required string Status { get; init; }

    public string? Reason { get; init; }

    public int Assigned { get; init; }

    public int Findings { get; init; }
}

/// <summary>A run as the Runs table keeps it and the API shows it.</summary>
public sealed record RunRecord
{
    public required string RunId { get; init; }

    public required string Tenant { get; init; }

    public required string Status { get; init; }

    public required string Trigger { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset? StartedAt { get; init; }

    public DateTimeOffset? CompletedAt { get; init; }

    public IReadOnlyList<SourceOutcome> Sources { get; init; } = [];

    public IReadOnlyList<ContractOutcome> Contracts { get; init; } = [];

    /// <summary>The tenant-wide steps (tenant, apps, spend) and how each went, so a failed or skipped one says why.</summary>
    public IReadOnlyList<StepOutcome> Steps { get; init; } = [];

    public RunTotals? Totals { get; init; }

    public string? Error { get; init; }

    /// <summary>What the run's last step sent; null until it has run.</summary>
    public AlertOutcome? Alerts { get; init; }
}

/// <summary>What the alert step of a run did, by wire name.</summary>
public static class AlertStatus
{
    public const string Sent = "sent";
    public const string Failed = "failed";
    public const string NothingNew = "nothingNew";
    public const string NotConfigured = "notConfigured";
}

/// <summary>The Teams alert and integration events of a run. A failed delivery never fails the run.</summary>
public sealed record AlertOutcome
{
    /// <summary><see cref="AlertStatus"/>.</summary>
    public required string Status { get; init; }

    /// <summary>Findings the card announced (or would have).</summary>
    public int Findings { get; init; }

    public int Bytes { get; init; }

    public int Attempts { get; init; }

    public string? Error { get; init; }

    /// <summary>Integration events published; null when no Service Bus namespace is configured.</summary>
    public int? Events { get; init; }

    public string? EventsError { get; init; }
}

public sealed record RunTotals
{
    public int Contracts { get; init; }

    public int Seats { get; init; }

    public int FindingsOpen { get; init; }

    public int FindingsNew { get; init; }

    public int FindingsResolved { get; init; }

    public int FindingsCarriedOver { get; init; }

    /// <summary>Per currency, so sums never mix currencies.</summary>
    public IReadOnlyDictionary<string, decimal> AnnualCost { get; init; } = new Dictionary<string, decimal>();

    public IReadOnlyDictionary<string, decimal> AnnualWaste { get; init; } = new Dictionary<string, decimal>();

    public IReadOnlyDictionary<string, decimal> PotentialSavings { get; init; } = new Dictionary<string, decimal>();
}
