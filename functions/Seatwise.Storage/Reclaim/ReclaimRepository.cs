using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Seatwise.Core.Reclaim;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Storage.Reclaim;

/// <summary>
/// A row of table ReclaimPlans: a plan's header (<c>Kind = plan</c>), one of its seats (<c>item</c>) or a seat's
/// step (<c>step</c>); and of table ReclaimKeeps (<c>keep</c>).
/// </summary>
public sealed class ReclaimEntity : ITableEntity
{
    /// <summary>The tenant: a plan and its seats share a partition, so a change to both is one transaction.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary>The plan id, or <c>{planId}_{index:D5}</c> for its seats in plan order.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public string Kind { get; set; } = string.Empty;

    public string? Status { get; set; }

    public string Json { get; set; } = string.Empty;
}

/// <summary>A row of the append-only table ReclaimAudit: something that happened to a plan, who did it, and what it was.</summary>
public sealed class ReclaimAuditEntity : ITableEntity
{
    /// <summary><c>{tenant}_{planId}</c>.</summary>
    public string PartitionKey { get; set; } = string.Empty;

    /// <summary><c>{ticks:D19}_{sequence:D4}</c>: the plan's events in order.</summary>
    public string RowKey { get; set; } = string.Empty;

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    public DateTimeOffset At { get; set; }

    public string Event { get; set; } = string.Empty;

    public string Actor { get; set; } = string.Empty;

    public string Detail { get; set; } = string.Empty;
}

/// <summary>One event of a plan's audit trail.</summary>
public sealed record ReclaimAuditEvent(DateTimeOffset At, string Event, string Actor, string Detail);

/// <summary>A stored plan and the ETag a change must send back.</summary>
public sealed record StoredReclaimPlan(ReclaimPlan Plan, string ETag);

/// <summary>
/// Tables ReclaimPlans and ReclaimAudit. A plan's seats are written before its header, so a plan is visible only
/// whole; the header's ETag guards every change, and a change of at most <see cref="MaxEditedSeats"/> seats is one
/// transaction with the header. Audit rows are only ever added.
/// </summary>
public sealed class ReclaimRepository(TableStore store)
{
    public const string PlansTable = "ReclaimPlans";
    public const string AuditTable = "ReclaimAudit";
    public const string KeepsTable = "ReclaimKeeps";

    /// <summary>The header and the seats a change touches share one transaction of at most 100 entities.</summary>
    public const int MaxEditedSeats = TableStore.MaxBatch - 1;

    private const string PlanKind = "plan";
    private const string ItemKind = "item";
    private const string StepKind = "step";
    private const string KeepKind = "keep";

    public async Task<string> CreateAsync(string tenant, ReclaimPlan plan, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(PlansTable, cancellationToken);
        await TableStore.SubmitAsync(table, plan.Items.Select((item, i) => new TableTransactionAction(TableTransactionActionType.UpsertReplace, Item(tenant, plan.Id, i, item))), cancellationToken);
        var response = await table.AddEntityAsync(Header(tenant, plan), cancellationToken);
        return response.Headers.ETag?.ToString() ?? string.Empty;
    }

    public async Task<StoredReclaimPlan?> GetAsync(string tenant, string planId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(PlansTable, cancellationToken);
        var header = await table.GetEntityIfExistsAsync<ReclaimEntity>(TableKeys.Checked(tenant, "PartitionKey"), planId, cancellationToken: cancellationToken);
        if (!header.HasValue || header.Value is not { Kind: PlanKind } row)
        {
            return null;
        }

        // Seats (`{planId}_{index}`) and their steps (`{planId}~{phase}_{index}`) sort right after the header.
        var items = new List<ReclaimItem>();
        var steps = new Dictionary<(string, int), ReclaimStep>();
        await foreach (var e in table.QueryAsync<ReclaimEntity>(
            TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and RowKey gt {planId} and RowKey lt {planId + "\u007f"}"), cancellationToken: cancellationToken))
        {
            if (e.Kind == ItemKind)
            {
                items.Add(JsonSerializer.Deserialize<ReclaimItem>(e.Json, ResultRepository.Json)!);
            }
            else if (e.Kind == StepKind)
            {
                var step = JsonSerializer.Deserialize<ReclaimStep>(e.Json, ResultRepository.Json)!;
                steps[(step.Phase, int.Parse(e.RowKey[(e.RowKey.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture))] = step;
            }
        }

        var plan = JsonSerializer.Deserialize<ReclaimPlan>(row.Json, ResultRepository.Json)! with { Items = items };
        return new StoredReclaimPlan(ReclaimLifecycle.WithSteps(plan, steps), row.ETag.ToString());
    }

    /// <summary>Records a seat's outcome in a phase; a retry of the same seat replaces its earlier step.</summary>
    public async Task SaveStepAsync(string tenant, string planId, int index, ReclaimStep step, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(PlansTable, cancellationToken);
        await table.UpsertEntityAsync(new ReclaimEntity
        {
            PartitionKey = TableKeys.Checked(tenant, "PartitionKey"),
            RowKey = $"{planId}~{step.Phase}_{index.ToString("D5", CultureInfo.InvariantCulture)}",
            Kind = StepKind,
            Status = step.Outcome,
            Json = JsonSerializer.Serialize(step, ResultRepository.Json),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>
    /// Moves a plan through execution and undo (its status, times and counts): only the orchestration that owns
    /// the phase writes it, so the write is unconditional and a retried write lands the same.
    /// </summary>
    public async Task SetStateAsync(string tenant, ReclaimPlan plan, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(PlansTable, cancellationToken);
        await table.UpdateEntityAsync(Header(tenant, plan), ETag.All, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The tenant's plans, newest first, without their seats.</summary>
    public async Task<IReadOnlyList<StoredReclaimPlan>> ListAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(PlansTable, cancellationToken);
        var plans = new List<StoredReclaimPlan>();
        await foreach (var e in table.QueryAsync<ReclaimEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant} and Kind eq {PlanKind}"), cancellationToken: cancellationToken))
        {
            plans.Add(new StoredReclaimPlan(JsonSerializer.Deserialize<ReclaimPlan>(e.Json, ResultRepository.Json)!, e.ETag.ToString()));
        }

        return [.. plans.OrderByDescending(p => p.Plan.CreatedAt)];
    }

    /// <summary>
    /// Writes a changed plan if its header still has <paramref name="ifMatch"/>: the header and the changed seats
    /// (at most <see cref="MaxEditedSeats"/>) in one transaction, so a change is whole or not at all.
    /// </summary>
    public async Task<(WriteOutcome Outcome, string? ETag)> ReplaceAsync(string tenant, ReclaimPlan was, ReclaimPlan plan, string ifMatch, CancellationToken cancellationToken)
    {
        var changed = ChangedSeats(was, plan);
        if (changed.Count > MaxEditedSeats)
        {
            throw new ArgumentException($"A change may touch at most {MaxEditedSeats} seats.", nameof(plan));
        }

        if (TableETags.Parse(ifMatch) is not { } etag)
        {
            // No table ETag looks like this one: it cannot match the plan.
            return (WriteOutcome.PreconditionFailed, null);
        }

        var table = await store.GetTableAsync(PlansTable, cancellationToken);
        var header = Header(tenant, plan);
        var actions = new List<TableTransactionAction> { new(TableTransactionActionType.UpdateReplace, header, etag) };
        actions.AddRange(changed.Select(x => new TableTransactionAction(TableTransactionActionType.UpdateReplace, Item(tenant, plan.Id, x.Index, x.Item), ETag.All)));
        try
        {
            var response = await table.SubmitTransactionAsync(actions, cancellationToken);
            return (WriteOutcome.Done, response.Value[0].Headers.ETag?.ToString());
        }
        catch (TableTransactionFailedException ex) when (ex.Status is 412 or 404)
        {
            return (ex.Status == 404 ? WriteOutcome.NotFound : WriteOutcome.PreconditionFailed, null);
        }
    }

    /// <summary>Records a seat its holder keeps (one row per source, person and product; a later keep extends it).</summary>
    public async Task SaveKeepAsync(string tenant, ReclaimKeep keep, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(KeepsTable, cancellationToken);
        await table.UpsertEntityAsync(new ReclaimEntity
        {
            PartitionKey = TableKeys.Checked(tenant, "PartitionKey"),
            // The seat's key hashed: identity keys may hold characters a RowKey may not.
            RowKey = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
                $"{keep.Source}|{keep.IdentityKey.ToUpperInvariant()}|{keep.ProductKey.ToUpperInvariant()}")))[..32],
            Kind = KeepKind,
            Json = JsonSerializer.Serialize(keep, ResultRepository.Json),
        }, TableUpdateMode.Replace, cancellationToken);
    }

    /// <summary>The tenant's kept seats, expired ones included (the planner ignores those).</summary>
    public async Task<IReadOnlyList<ReclaimKeep>> ListKeepsAsync(string tenant, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(KeepsTable, cancellationToken);
        var keeps = new List<ReclaimKeep>();
        await foreach (var e in table.QueryAsync<ReclaimEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant}"), cancellationToken: cancellationToken))
        {
            keeps.Add(JsonSerializer.Deserialize<ReclaimKeep>(e.Json, ResultRepository.Json)!);
        }

        return keeps;
    }

    /// <summary>The seats (and their places) a change of <paramref name="was"/> into <paramref name="plan"/> rewrites.</summary>
    public static IReadOnlyList<(ReclaimItem Item, int Index)> ChangedSeats(ReclaimPlan was, ReclaimPlan plan) =>
        [.. plan.Items.Select((item, i) => (item, i)).Where(x => !Equals(x.item, was.Items[x.i]))];

    /// <summary>Adds an event to the plan's audit trail; rows are never replaced (an existing key fails the write).</summary>
    public async Task AppendAuditAsync(string tenant, string planId, ReclaimAuditEvent audit, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(AuditTable, cancellationToken);
        for (var sequence = 0; ; sequence++)
        {
            try
            {
                await table.AddEntityAsync(new ReclaimAuditEntity
                {
                    PartitionKey = TableKeys.Checked($"{tenant}_{planId}", "PartitionKey"),
                    RowKey = $"{audit.At.UtcTicks.ToString("D19", CultureInfo.InvariantCulture)}_{sequence.ToString("D4", CultureInfo.InvariantCulture)}",
                    At = audit.At,
                    Event = audit.Event,
                    Actor = audit.Actor,
                    Detail = audit.Detail,
                }, cancellationToken);
                return;
            }
            catch (RequestFailedException ex) when (ex.Status == 409 && sequence < 100)
            {
                // Two events in the same tick: the next sequence number, never an overwrite.
            }
        }
    }

    public async Task<IReadOnlyList<ReclaimAuditEvent>> ListAuditAsync(string tenant, string planId, CancellationToken cancellationToken)
    {
        var table = await store.GetTableAsync(AuditTable, cancellationToken);
        var events = new List<ReclaimAuditEvent>();
        await foreach (var e in table.QueryAsync<ReclaimAuditEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {tenant + "_" + planId}"), cancellationToken: cancellationToken))
        {
            events.Add(new ReclaimAuditEvent(e.At, e.Event, e.Actor, e.Detail));
        }

        return events;
    }

    private static ReclaimEntity Header(string tenant, ReclaimPlan plan) => new()
    {
        PartitionKey = TableKeys.Checked(tenant, "PartitionKey"),
        RowKey = TableKeys.Checked(plan.Id, "RowKey"),
        Kind = PlanKind,
        Status = plan.Status,
        // Seats and their steps have rows of their own; the counts kept here serve the list of plans, and a read of
        // one plan works them out again from its steps.
        Json = JsonSerializer.Serialize(plan with { Items = [] }, ResultRepository.Json),
    };

    private static ReclaimEntity Item(string tenant, string planId, int index, ReclaimItem item) => new()
    {
        PartitionKey = TableKeys.Checked(tenant, "PartitionKey"),
        RowKey = $"{planId}_{index.ToString("D5", CultureInfo.InvariantCulture)}",
        Kind = ItemKind,
        Status = item.Status,
        // The approved seat only: what was done to it lives in its step rows.
        Json = JsonSerializer.Serialize(item with { Execution = null, Undo = null, Notice = null, Kept = null }, ResultRepository.Json),
    };
}
