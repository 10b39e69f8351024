using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Usage;

namespace Seatwise.Storage.Runs;

/// <summary>
/// A row of table Seats: one seat line. Its properties are the table's columns, so a column name is written here
/// only; the SDK maps them both ways.
/// </summary>
public sealed class SeatEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Source { get; set; } = string.Empty;

    public string AccountId { get; set; } = string.Empty;

    public string IdentityKey { get; set; } = string.Empty;

    public string? DisplayName { get; set; }

    public string ProductKey { get; set; } = string.Empty;

    /// <summary>The activity status's wire name (<c>active</c>, <c>inactive</c>...); the seat-line filter matches on it.</summary>
    public string Status { get; set; } = string.Empty;

    public DateTimeOffset? LastActivity { get; set; }

    public DateTimeOffset? AssignedAt { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public bool Enabled { get; set; }

    public bool? EntraEnabled { get; set; }

    // The usage reports' date per workload (Workloads), one column each; absent when the seat was not judged by them.
    public DateTimeOffset? UsageExchange { get; set; }

    public DateTimeOffset? UsageOneDrive { get; set; }

    public DateTimeOffset? UsageSharePoint { get; set; }

    public DateTimeOffset? UsageTeams { get; set; }

    public DateTimeOffset? UsageVivaEngage { get; set; }

    public DateTimeOffset? UsageSkype { get; set; }

    public DateTimeOffset? UsageCopilot { get; set; }

    /// <summary>The column a status filter compares (the query text needs the name).</summary>
    public const string StatusColumn = nameof(Status);

    public static SeatEntity From(SeatLine line)
    {
        DateTimeOffset? Usage(string workload) => line.Usage is not null && line.Usage.TryGetValue(workload, out var date) ? date : null;
        var entity = new SeatEntity
        {
            RowKey = ResultRepository.SeatRowKey(line),
            Source = line.Source,
            AccountId = line.AccountId,
            IdentityKey = line.IdentityKey,
            DisplayName = line.DisplayName,
            ProductKey = line.ProductKey,
            Status = line.Status.ToName(),
            LastActivity = line.LastActivity,
            AssignedAt = line.AssignedAt,
            CreatedAt = line.CreatedAt,
            Enabled = line.Enabled,
            EntraEnabled = line.EntraEnabled,
        };
        foreach (var (workload, _, set) in UsageColumns)
        {
            set(entity, Usage(workload));
        }

        return entity;
    }

    /// <summary>The per-workload dates by workload name; null when the row has none.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset>? Usage()
    {
        Dictionary<string, DateTimeOffset>? usage = null;
        foreach (var (workload, get, _) in UsageColumns)
        {
            if (get(this) is { } at)
            {
                (usage ??= new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal))[workload] = at;
            }
        }

        return usage;
    }

    /// <summary>Which column holds which workload's date: the one mapping both directions use.</summary>
    private static readonly (string Workload, Func<SeatEntity, DateTimeOffset?> Get, Action<SeatEntity, DateTimeOffset?> Set)[] UsageColumns =
    [
        (Workloads.Exchange, e => e.UsageExchange, (e, v) => e.UsageExchange = v),
        (Workloads.OneDrive, e => e.UsageOneDrive, (e, v) => e.UsageOneDrive = v),
        (Workloads.SharePoint, e => e.UsageSharePoint, (e, v) => e.UsageSharePoint = v),
        (Workloads.Teams, e => e.UsageTeams, (e, v) => e.UsageTeams = v),
        (Workloads.VivaEngage, e => e.UsageVivaEngage, (e, v) => e.UsageVivaEngage = v),
        (Workloads.Skype, e => e.UsageSkype, (e, v) => e.UsageSkype = v),
        (Workloads.Copilot, e => e.UsageCopilot, (e, v) => e.UsageCopilot = v),
    ];
}

/// <summary>A row of table Apps: one enterprise app of a run's inventory.</summary>
public sealed class AppEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The app id.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? DisplayName { get; set; }

    public string? Publisher { get; set; }

    public bool Enabled { get; set; }

    public string? Category { get; set; }

    public string? ContractId { get; set; }

    public bool Allowed { get; set; }

    public DateTimeOffset? LastSignInAt { get; set; }

    /// <summary>The column the category filter compares.</summary>
    public const string CategoryColumn = nameof(Category);
}

/// <summary>A row of table Positions: one contract's position in a run.</summary>
public sealed class PositionEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The contract id.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? Vendor { get; set; }

    /// <summary><c>ok</c> or <c>stale</c> (<see cref="ContractStatus"/>).</summary>
    public string Status { get; set; } = string.Empty;

    public string? SnapshotRunId { get; set; }

    public DateTimeOffset? SnapshotCollectedAt { get; set; }

    /// <summary>How many partitions the contract's seat lines of the run are spread over; absent for runs from before buckets.</summary>
    public int? SeatBuckets { get; set; }

    /// <summary>The position itself, as JSON.</summary>
    public string Json { get; set; } = string.Empty;

    /// <summary>The column readers fetch alone to find a contract's seat buckets.</summary>
    public const string SeatBucketsColumn = nameof(SeatBuckets);
}

/// <summary>A row of table RunFindings: one raw finding of a run, or (RowKey <c>~writer~{step}</c>) a step's bucket count.</summary>
public sealed class RunFindingEntity : ITableEntity
{
    public string PartitionKey { get; set; } = string.Empty;

    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string? ContractId { get; set; }

    /// <summary>The finding as JSON (finding rows).</summary>
    public string? Json { get; set; }

    /// <summary>The step that wrote the run's findings (writer rows).</summary>
    public string? Writer { get; set; }

    /// <summary>How many buckets the writer spread them over (writer rows).</summary>
    public int? Buckets { get; set; }
}
