using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Reconciliation;

/// <summary>What a reconciliation needs besides the seats themselves.</summary>
public sealed record ReconcileInput
{
    public required string TenantId { get; init; }

    /// <summary>The run's start, UTC: every rule is judged at this instant.</summary>
    public required DateTimeOffset RunAt { get; init; }

    public RulesOptions Rules { get; init; } = new();

    public required IReadOnlyList<Contract> Contracts { get; init; }

    /// <summary>Products the sources reported (prepaid units and service plans of Graph SKUs).</summary>
    public IReadOnlyList<Product> Products { get; init; } = [];

    /// <summary>Sources whose activity data is missing altogether (no Entra ID P1): their seats are unknown.</summary>
    public IReadOnlySet<string> ActivityUnknownSources { get; init; } = new HashSet<string>();

    /// <summary>Entra accounts for the orphaned-seat join; null when the Graph source is not available this run.</summary>
    public EntraDirectory? Entra { get; init; }

    /// <summary>
    /// Holds the seat findings gzip-compressed until <see cref="ContractReconciler.Complete"/> instead of as objects:
    /// less memory for a large contract (the pipeline's contract step), a little more time.
    /// </summary>
    public bool CompressSeatFindings { get; init; }
}

public sealed record ReconcileResult(IReadOnlyList<Position> Positions, IReadOnlyList<Finding> Findings);

/// <summary>
/// A contract step's findings as <see cref="ContractReconciler.CompleteStreamed"/> hands them out: counted, and made
/// one at a time while they are enumerated (once), so a step that saves them never holds them all as objects.
/// </summary>
public sealed class ReconciledFindingCollection(int count, IEnumerable<Finding> findings) : IReadOnlyCollection<Finding>
{
    private IEnumerable<Finding>? _findings = findings;

    public int Count { get; } = count;

    public IEnumerator<Finding> GetEnumerator() =>
        (Interlocked.Exchange(ref _findings, null) ?? throw new InvalidOperationException("The findings of a reconciliation are read once.")).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}

/// <summary>
/// Reconciles contracts with streamed seats in one pass (the ReconcileContract step): keeps a counter per
/// contract, hands every seat line to a sink and keeps only the findings, never a list of every account. Seats of
/// products no contract covers are passed over here; the tenant-wide rules (<see cref="TenantSeatRules"/>) see them.
/// </summary>
public sealed class ContractReconciler
{
    private readonly ReconcileInput _input;
    private readonly ISeatLineSink? _sink;
    private readonly ProductIndex _index;
    private readonly Dictionary<string, SeatCounter> _counts = new(StringComparer.Ordinal);
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _findingIds = new(StringComparer.Ordinal);
    private readonly SeatFindingSpool _seatFindings;

    public ContractReconciler(ReconcileInput input, ISeatLineSink? sink = null)
    {
        _input = input;
        _sink = sink;
        _index = new ProductIndex(input.Contracts, input.Products);
        _seatFindings = new SeatFindingSpool(input.CompressSeatFindings);
        foreach (var contract in input.Contracts)
        {
            _counts[contract.Id] = new SeatCounter();
        }
    }

    private RulesOptions Rules => _input.Rules;

    public void AddRange(IEnumerable<AccountSeats> accounts)
    {
        foreach (var account in accounts)
        {
            Add(account);
        }
    }

    public async Task AddRangeAsync(IAsyncEnumerable<AccountSeats> accounts, CancellationToken cancellationToken = default)
    {
        await foreach (var account in accounts.WithCancellation(cancellationToken))
        {
            Add(account);
        }
    }

    public void Add(AccountSeats accountSeats)
    {
        var account = accountSeats.Account;
        var activityKnown = !_input.ActivityUnknownSources.Contains(account.Source);
        var match = account.Source == SourceNames.Graph || account.IdentityUnknown || _input.Entra is null ? (EntraMatch?)null : _input.Entra.Match(account);
        bool? entraEnabled = account.Source == SourceNames.Graph ? account.Enabled : match is { } m ? EntraDirectory.EnabledOf(m) : null;
        foreach (var seat in accountSeats.Seats)
        {
            if (_index.Covering(account.Source, seat.ProductKey) is not { } contract)
            {
                continue;
            }

            var inactivityDays = contract.InactivityDays ?? Rules.InactivityDays;
            // Per-product activity, when the vendor has it, is what this seat is judged by; where the vendor gives no
            // account creation date, the seat's own assignment date gives a joiner's new seat its grace.
            var holder = seat.JudgedBySeat
                ? account with { LastActiveAt = seat.LastActiveAt, LastSuccessfulSignInAt = null, LastSignInAt = null, LastNonInteractiveSignInAt = null }
                : seat.LastActiveAt is { } productActivity ? account with { LastActiveAt = productActivity } : account;
            holder = holder.CreatedAt is null && seat.AssignedAt is { } assigned ? holder with { CreatedAt = assigned } : holder;
            var status = ActivityClassifier.Classify(holder, _input.RunAt, inactivityDays, Rules.GraceDays, activityKnown && !seat.ActivityUnknown);
            // A vendor seat of someone with no enabled Entra account (a leaver, or nobody the directory knows) is
            // not used by the organisation, whatever the vendor's own activity says: it counts as disabled, so the
            // contract's waste includes it and its orphaned-seat finding's money stays within that waste. An account
            // the vendor names no address for, or whose only keys several Entra accounts claim, is unmatched: not
            // evidence of a leaver, so never orphaned.
            var orphaned = match is EntraMatch.None or EntraMatch.Disabled;
            if (orphaned)
            {
                status = ActivityStatus.Disabled;
            }

            _counts[contract.Id].Add(status);
            _sink?.Add(new SeatLine(contract.Id, account.Source, account.AccountId, account.IdentityKey, account.DisplayName,
                seat.ProductKey, status, holder.LastActivity, seat.AssignedAt, account.CreatedAt, account.Enabled, entraEnabled) { Usage = seat.Usage });

            if (contract.ExcludeFromFindings || Rules.IsIgnored(seat.ProductKey))
            {
                continue;
            }

            AddSeatFinding(contract, holder, seat, status, orphaned, entraEnabled, accountSeats.Seats, inactivityDays);
        }
    }

    /// <summary>The positions and every finding, the seat findings ordered as the waste sharing claims them.</summary>
    public ReconcileResult Complete()
    {
        var positions = CompletePositions();
        var (claims, order) = ShareWaste(positions);
        var seatFindings = new Finding[claims.Length];
        var i = 0;
        foreach (var finding in _seatFindings.Read())
        {
            seatFindings[i] = Claimed(finding, claims[i]);
            i++;
        }

        return new ReconcileResult(positions, [.. _findings, .. order.Select(k => seatFindings[k])]);
    }

    /// <summary>
    /// As <see cref="Complete"/>, with the seat findings made one at a time in the order they were raised while the
    /// result is enumerated: what the pipeline's contract step saves, so the findings are never all objects at once.
    /// </summary>
    public (IReadOnlyList<Position> Positions, ReconciledFindingCollection Findings) CompleteStreamed()
    {
        var positions = CompletePositions();
        var (claims, _) = ShareWaste(positions);
        return (positions, new ReconciledFindingCollection(_findings.Count + claims.Length, _findings.Concat(_seatFindings.Read().Select((f, i) => Claimed(f, claims[i])))));
    }

    private List<Position> CompletePositions()
    {
        var positions = new List<Position>(_input.Contracts.Count);
        foreach (var contract in _input.Contracts.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var headroom = contract.HeadroomPercent ?? Rules.HeadroomPercent;
            var counts = _counts[contract.Id].ToCounts();
            if (SourceNames.SeatCountsOnly.Contains(contract.Source))
            {
                // Seats bought, with nobody to judge (Marketplace SaaS): assigned, activity unknown, so never waste.
                counts = counts with { Unknown = counts.Unknown + _index.Consumed(contract) };
            }

            var position = PositionCalculator.Compute(contract, counts, _index.Entitlement(contract), headroom);
            positions.Add(position);
            if (!contract.ExcludeFromFindings && !contract.ProductKeys.All(Rules.IsIgnored))
            {
                AddContractFindings(contract, position);
            }
        }

        return positions;
    }

    private void AddSeatFinding(Contract contract, Account account, SeatAssignment seat, ActivityStatus status, bool orphaned, bool? entraEnabled, IReadOnlyList<SeatAssignment> held, int inactivityDays)
    {
        // A vendor seat of someone with no enabled Entra account is a leaver's seat: that is the finding to act on,
        // and raising inactive/disabled for the same seat as well would count its money twice.
        string? type = orphaned
            ? FindingTypes.OrphanedSeat
            : status switch
            {
                ActivityStatus.Inactive => FindingTypes.InactiveSeat,
                ActivityStatus.Disabled => FindingTypes.DisabledSeat,
                _ => null,
            };
        if (type is null)
        {
            return;
        }

        var evidence = new Dictionary<string, string>(12)
        {
            ["source"] = account.Source,
            ["accountId"] = account.AccountId,
            ["identityKey"] = account.IdentityKey,
            ["productKey"] = seat.ProductKey,
            ["status"] = status.ToName(),
            ["accountEnabled"] = EvidenceText.Of(account.Enabled),
            ["lastActivity"] = EvidenceText.Of(account.LastActivity),
            ["inactivityDays"] = EvidenceText.Of(inactivityDays),
            ["assignedProducts"] = held.Count == 1 ? held[0].ProductKey : string.Join(",", held.Select(h => h.ProductKey)),
        };
        if (account.CreatedAt is { } created)
        {
            evidence["createdAt"] = EvidenceText.Of(created);
        }

        if (seat.AssignedAt is { } assigned)
        {
            evidence["assignedAt"] = EvidenceText.Of(assigned);
        }

        if (seat.AssignedByGroup is { } groups)
        {
            evidence["assignedByGroup"] = groups;
        }

        // The usage reports' dates the seat was judged by: what a renewal negotiation can point at.
        foreach (var (workload, date) in seat.Usage ?? new Dictionary<string, DateTimeOffset>())
        {
            evidence[Usage.Workloads.CsvColumn(workload)] = EvidenceText.Of(date);
        }

        if (type == FindingTypes.OrphanedSeat)
        {
            evidence["entraAccount"] = entraEnabled is null ? "none" : "disabled";
        }

        var subjectKey = $"{account.IdentityKey}|{seat.ProductKey}";
        var id = Finding.ComputeId(_input.TenantId, type, contract.Id, subjectKey);
        if (!_findingIds.Add(id))
        {
            return;
        }

        // Kept aside: Complete() shares the contract's annual waste among its seat findings.
        var rank = type switch { FindingTypes.DisabledSeat => 0, FindingTypes.OrphanedSeat => 1, _ => 2 };
        _seatFindings.Add(new Finding
        {
            Id = id,
            Type = type,
            ContractId = contract.Id,
            SubjectKey = subjectKey,
            Subject = EvidenceText.Person(account),
            ProductKey = seat.ProductKey,
            AnnualCost = contract.AnnualUnitCost,
            Currency = contract.Currency,
            Sources = type == FindingTypes.OrphanedSeat ? [account.Source, SourceNames.Graph] : [account.Source],
            Step = RunSteps.Contract,
            Evidence = evidence,
        }, rank, account.LastActivity);
    }

    /// <summary>
    /// A contract's savings findings together claim at most its annual waste, so their money never counts a seat
    /// twice and never exceeds the contract's cost. The unassigned-seats finding claims its seats first; seat
    /// findings follow, disabled accounts first, then leavers' (orphaned) seats, then inactive seats idle longest,
    /// then by id, each claiming its annual unit cost while waste is left. A seat finding past that (only when the
    /// contract is over-assigned, or an orphaned seat is still in use) carries 0: reclaiming it lowers the true-up
    /// exposure instead of saving, and its evidence says so.
    /// </summary>
    /// <returns>
    /// Each seat finding's claim, by the order it was raised, and the order the claims were made in (indexes of the
    /// same): the sharing needs a few fields a finding, never the findings themselves.
    /// </returns>
    private (decimal[] Claims, List<int> Order) ShareWaste(List<Position> positions)
    {
        var byContract = positions.ToDictionary(p => p.ContractId, StringComparer.Ordinal);
        var savings = _seatFindings.Savings;
        var claims = new decimal[savings.Count];
        var order = new List<int>(savings.Count);
        foreach (var group in Enumerable.Range(0, savings.Count).GroupBy(i => savings[i].ContractId, StringComparer.Ordinal))
        {
            var position = byContract[group.Key];
            var left = position.AnnualWaste - (position.Unassigned * position.AnnualUnitCost);
            foreach (var i in group.OrderBy(i => savings[i].Rank).ThenBy(i => savings[i].LastActivity ?? DateTimeOffset.MinValue).ThenBy(i => savings[i].Id, StringComparer.Ordinal))
            {
                var claim = Math.Min(savings[i].AnnualCost, Math.Max(0, left));
                left -= claim;
                claims[i] = claim;
                order.Add(i);
            }
        }

        return (claims, order);
    }

    /// <summary>A seat finding with its share of the waste; one past the waste says why it saves nothing.</summary>
    private static Finding Claimed(Finding finding, decimal claim) => claim == finding.AnnualCost ? finding : finding with
    {
        AnnualCost = claim,
        Evidence = new Dictionary<string, string>(finding.Evidence)
        {
            ["annualUnitCost"] = EvidenceText.Of(finding.AnnualCost),
            ["moneyNote"] = "The contract's unused seats are already claimed by other findings: reclaiming this seat lowers the over-assignment (true-up exposure) instead of saving.",
        },
    };

    private void AddContractFindings(Contract contract, Position position)
    {
        var baseEvidence = new Dictionary<string, string>
        {
            ["entitled"] = EvidenceText.Of(position.Entitled),
            ["assigned"] = EvidenceText.Of(position.Assigned),
            ["active"] = EvidenceText.Of(position.Counts.Active),
            ["inactive"] = EvidenceText.Of(position.Counts.Inactive),
            ["disabled"] = EvidenceText.Of(position.Counts.Disabled),
            ["annualUnitCost"] = EvidenceText.Of(position.AnnualUnitCost),
            ["productKeys"] = string.Join(",", contract.ProductKeys),
        };
        // Seats bought on the Marketplace are the entitlement and the bill at once: a register that says otherwise is
        // a difference in money, which price-drift measures on the bill, not seats to cut or a true-up to come.
        var seatGaps = !SourceNames.SeatCountsOnly.Contains(contract.Source);
        if (seatGaps && position.Unassigned > 0)
        {
            AddContractFinding(contract, FindingTypes.UnassignedSeats, position.Unassigned * position.AnnualUnitCost,
                new Dictionary<string, string>(baseEvidence) { ["unassigned"] = EvidenceText.Of(position.Unassigned) });
        }

        if (seatGaps && position.OverAssigned > 0)
        {
            AddContractFinding(contract, FindingTypes.OverAssigned, position.TrueUpExposure,
                new Dictionary<string, string>(baseEvidence) { ["overAssigned"] = EvidenceText.Of(position.OverAssigned) });
        }

        if (Renewals.IsDue(contract, _input.RunAt, Rules.RenewalLookaheadDays))
        {
            // Review money: the spend the renewal decides about. What cutting seats would save is in the evidence.
            AddContractFinding(contract, FindingTypes.RenewalDue, position.AnnualCost,
                new Dictionary<string, string>(baseEvidence)
                {
                    ["renewalDate"] = EvidenceText.Of(contract.RenewalDate),
                    ["noticeDays"] = EvidenceText.Of(contract.NoticeDays),
                    ["noticeDate"] = EvidenceText.Of(contract.NoticeDate),
                    ["autoRenew"] = EvidenceText.Of(contract.AutoRenew),
                    ["recommendedSeats"] = EvidenceText.Of(position.RecommendedSeats),
                    ["potentialSavings"] = EvidenceText.Of(position.PotentialSavings),
                });
        }
    }

    private void AddContractFinding(Contract contract, string type, decimal annualCost, Dictionary<string, string> evidence)
    {
        AddFinding(new Finding
        {
            Id = Finding.ComputeId(_input.TenantId, type, contract.Id, contract.Id),
            Type = type,
            ContractId = contract.Id,
            SubjectKey = contract.Id,
            Subject = $"{contract.Vendor} {contract.Name}",
            AnnualCost = annualCost,
            Currency = contract.Currency,
            Sources = [contract.Source],
            Evidence = evidence,
            Step = RunSteps.Contract,
        });
    }

    private void AddFinding(Finding finding)
    {
        // The same account can list one product twice in a malformed export; one gap is one finding.
        if (_findingIds.Add(finding.Id))
        {
            _findings.Add(finding);
        }
    }

    /// <summary>Mutable per-contract counters: one increment per seat, no allocation.</summary>
    private sealed class SeatCounter
    {
        private readonly int[] _byStatus = new int[5];

        public void Add(ActivityStatus status) => _byStatus[(int)status]++;

        public SeatCounts ToCounts() => new(
            _byStatus[(int)ActivityStatus.Active],
            _byStatus[(int)ActivityStatus.New],
            _byStatus[(int)ActivityStatus.Inactive],
            _byStatus[(int)ActivityStatus.Disabled],
            _byStatus[(int)ActivityStatus.Unknown]);
    }
}
