using Seatwise.Storage.Runs;

namespace Seatwise.Workflows.Runs;

// Small messages between the orchestration and its activities: ids, counts and blob references, never data.

/// <param name="RunSlots">Runs__MaxConcurrentTenants when set: the run first takes one of that many slots; 0: no limit.</param>
/// <param name="SlotWaitSeconds">How long the run sleeps before asking again for a slot.</param>
public sealed record RunInput(string Tenant, string RunId, string Trigger, IReadOnlyList<string> Sources, int RunSlots = 0, int SlotWaitSeconds = 60);

public sealed record BeginRunInput(string Tenant, string RunId, string Trigger, DateTimeOffset StartedAt);

public sealed record CollectSourceInput(string Tenant, string RunId, string Source, DateTimeOffset RunAt);

public sealed record ContractRef(string Id, string Source);

public sealed record ReconcileContractInput(string Tenant, string RunId, DateTimeOffset RunAt, string ContractId, IReadOnlyList<SourceOutcome> Sources);

/// <summary>Input of the tenant-wide steps (ReconcileTenant, ReconcileApps, ReconcileSpend): the run and what every source did.</summary>
public sealed record TenantStepInput(string Tenant, string RunId, DateTimeOffset RunAt, IReadOnlyList<SourceOutcome> Sources);

public sealed record CompleteRunInput(
    string Tenant,
    string RunId,
    DateTimeOffset RunAt,
    IReadOnlyList<SourceOutcome> Sources,
    IReadOnlyList<ContractOutcome> Contracts,
    IReadOnlyList<StepOutcome> Steps,
    string? Error);

/// <summary>Input of ExportFocus: the run whose month is exported.</summary>
public sealed record ExportFocusInput(string Tenant, string RunId, DateTimeOffset RunAt);

/// <summary>What ExportFocus did: <c>disabled</c>, or <c>written</c> with the file and its row count.</summary>
public sealed record ExportFocusOutcome(string Status, string? Path = null, int Rows = 0);
