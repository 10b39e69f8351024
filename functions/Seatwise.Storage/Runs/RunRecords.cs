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

/// <summary>What one source did in a run: collected, failed (with the snapshot used instead) or skipped.</summary>
public sealed record SourceOutcome
{
    public required string Source { get; init; }

    /// <summary><c>ok</c>, <c>failed</c> or <c>skipped</c>.</summary>
    public required string Status { get; init; }

    public string? Error { get; init; }

    public int Accounts { get; init; }

    public int Seats { get; init; }

    public int Apps { get; init; }

    public double DurationSeconds { get; init; }

    public bool ActivityKnown { get; init; } = true;

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

    /// <summary><c>ok</c>, <c>stale</c> (against an older snapshot), <c>skipped</c> or <c>failed</c>.</summary>
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

    public RunTotals? Totals { get; init; }

    public string? Error { get; init; }

    /// <summary>What the run's last step sent; null until it has run.</summary>
    public AlertOutcome? Alerts { get; init; }
}

/// <summary>The Teams alert and integration events of a run. A failed delivery never fails the run.</summary>
public sealed record AlertOutcome
{
    /// <summary><c>sent</c>, <c>failed</c>, <c>nothingNew</c> or <c>notConfigured</c>.</summary>
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
