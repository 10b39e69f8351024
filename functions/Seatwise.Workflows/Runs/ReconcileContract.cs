using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using Seatwise.Storage.Contracts;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Workflows.Runs;

/// <summary>
/// Reconciles one contract against its source's snapshot: writes the position, the seat lines (100 per
/// transaction, streamed) and the contract's raw findings. Idempotent: a retry overwrites the same rows.
/// </summary>
public sealed class ReconcileContract(
    ContractRepository contracts,
    SnapshotInputs inputs,
    ResultRepository results,
    IOptions<RulesSettings> rules,
    ILogger<ReconcileContract> logger) : IActivity<ReconcileContractInput, ContractOutcome>
{
    public async Task<ContractOutcome> RunAsync(ReconcileContractInput input, CancellationToken cancellationToken)
    {
        var stored = await contracts.GetAsync(input.Tenant, input.ContractId, cancellationToken);
        if (stored is null)
        {
            return new ContractOutcome { ContractId = input.ContractId, Status = ContractStatus.Skipped, Reason = "the contract was deleted during the run" };
        }

        var contract = stored.Contract;
        var outcome = input.Sources.FirstOrDefault(s => s.Source == contract.Source);
        var (manifest, products) = await inputs.OpenAsync(input.Tenant, outcome, cancellationToken);
        if (manifest is null)
        {
            var reason = outcome switch
            {
                // Runs collect the enabled sources; a contract on any other source waits for its source to be switched on.
                null when SourceNames.Collected.Contains(contract.Source) => $"source '{contract.Source}' is not enabled (Sources__{contract.Source}__Enabled=true turns it on)",
                null => $"source '{contract.Source}' is not part of this run",
                { Status: SourceStatus.Skipped } => outcome.Error ?? $"source '{contract.Source}' was skipped",
                _ => $"source '{contract.Source}' failed ({outcome.Error}) and has no earlier snapshot",
            };
            return new ContractOutcome { ContractId = contract.Id, Status = ContractStatus.Skipped, Reason = reason };
        }

        var entra = contract.Source == SourceNames.Graph
            ? null
            : await inputs.EntraAsync(input.Tenant, input.Sources.FirstOrDefault(s => s.Source == SourceNames.Graph), cancellationToken);
        var runAt = input.RunAt;
        var sink = new BufferedSeatSink();
        var reconciler = new ContractReconciler(new ReconcileInput
        {
            TenantId = input.Tenant,
            RunAt = runAt,
            Rules = rules.Value.ToRules(),
            Contracts = [contract],
            Products = products,
            Entra = entra,
            ActivityUnknownSources = SnapshotInputs.ActivityKnown(manifest) ? new HashSet<string>() : new HashSet<string> { contract.Source },
            // Up to 21,000 seat findings a contract at 100,000 users, several contracts at once: compressed until saved.
            CompressSeatFindings = true,
        }, sink);
        // The snapshot's account count bounds the contract's seat lines (a person holds a product once), so it sizes
        // the buckets before the first line is written.
        await using var writer = await results.CreateSeatWriterAsync(input.Tenant, input.RunId, contract.Id, manifest.Parts.GetValueOrDefault(SnapshotParts.Seats)?.Records ?? 0, cancellationToken);
        await foreach (var seats in inputs.SeatsAsync(manifest, cancellationToken))
        {
            reconciler.Add(seats);
            foreach (var line in sink.Take())
            {
                await writer.AddAsync(line);
            }
        }

        await writer.FlushAsync();
        var (positions, findings) = reconciler.CompleteStreamed();
        var position = positions.Single();
        var stale = manifest.RunId != input.RunId;
        await results.SavePositionAsync(input.Tenant, input.RunId, position, stale ? ContractStatus.Stale : ContractStatus.Ok, manifest.RunId, manifest.CollectedAt, writer.Buckets, cancellationToken);
        await results.SaveRunFindingsAsync(input.Tenant, input.RunId, $"{RunSteps.Contract}~{contract.Id}", findings, cancellationToken);
        logger.LogInformation("Contract {ContractId} reconciled: {Assigned} of {Entitled} seats assigned, {Findings} findings{Stale}",
            contract.Id, position.Assigned, position.Entitled, findings.Count, stale ? $" (stale snapshot of run {manifest.RunId})" : string.Empty);
        return new ContractOutcome
        {
            ContractId = contract.Id,
            Status = stale ? ContractStatus.Stale : ContractStatus.Ok,
            Reason = stale ? $"reconciled against the snapshot of run {manifest.RunId} ({manifest.CollectedAt:u}) because {contract.Source} failed" : null,
            Assigned = position.Assigned,
            Findings = findings.Count,
        };
    }

    private sealed class BufferedSeatSink : ISeatLineSink
    {
        public List<SeatLine> Pending { get; private set; } = new(128);

        public void Add(SeatLine line) => Pending.Add(line);

        public List<SeatLine> Take()
        {
            var taken = Pending;
            Pending = new List<SeatLine>(128);
            return taken;
        }
    }
}
