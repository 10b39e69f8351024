using System.Globalization;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;

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

    /// <summary>Whether this reconciliation also raises the tenant-wide findings (uncontracted products, redundant licences).</summary>
    public bool IncludeTenantFindings { get; init; } = true;
}

public sealed record ReconcileResult(IReadOnlyList<Position> Positions, IReadOnlyList<Finding> Findings);

/// <summary>
/// Joins the contract register with streamed seats in one pass: keeps a counter per contract and per uncovered
/// product, hands every seat line to a sink and keeps only the findings, never a list of every account.
/// </summary>
public sealed class Reconciler
{
    public const string GraphSource = "graph";

    private readonly ReconcileInput _input;
    private readonly ISeatLineSink? _sink;
    private readonly Dictionary<(string Source, string ProductKey), Contract> _contractByProduct;
    private readonly Dictionary<(string Source, string ProductKey), Product> _products;
    private readonly Dictionary<string, SeatCounter> _counts = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Source, string ProductKey), int> _uncontracted = [];
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _findingIds = new(StringComparer.Ordinal);

    public Reconciler(ReconcileInput input, ISeatLineSink? sink = null)
    {
        _input = input;
        _sink = sink;
        _contractByProduct = new Dictionary<(string, string), Contract>(ProductKeyComparer.Instance);
        // Deterministic when two contracts name one product: the contract with the smallest id wins.
        foreach (var contract in input.Contracts.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            _counts[contract.Id] = new SeatCounter();
            foreach (var key in contract.ProductKeys)
            {
                _contractByProduct.TryAdd((contract.Source, key), contract);
            }
        }

        _products = new Dictionary<(string, string), Product>(ProductKeyComparer.Instance);
        foreach (var product in input.Products)
        {
            _products[(product.Source, product.ProductKey)] = product;
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
        bool? entraEnabled = account.Source == GraphSource ? account.Enabled : _input.Entra?.IsEnabled(account.IdentityKey);
        foreach (var seat in accountSeats.Seats)
        {
            if (!_contractByProduct.TryGetValue((account.Source, seat.ProductKey), out var contract))
            {
                if (_input.IncludeTenantFindings && !Rules.IsIgnored(seat.ProductKey))
                {
                    var key = (account.Source, seat.ProductKey);
                    _uncontracted[key] = _uncontracted.GetValueOrDefault(key) + 1;
                }

                continue;
            }

            var inactivityDays = contract.InactivityDays ?? Rules.InactivityDays;
            // Per-product activity, when the vendor has it, is what this seat is judged by.
            var holder = seat.LastActiveAt is { } productActivity ? account with { LastActiveAt = productActivity } : account;
            var status = ActivityClassifier.Classify(holder, _input.RunAt, inactivityDays, Rules.GraceDays, activityKnown && !seat.ActivityUnknown);
            _counts[contract.Id].Add(status);
            _sink?.Add(new SeatLine(contract.Id, account.Source, account.AccountId, account.IdentityKey, account.DisplayName,
                seat.ProductKey, status, holder.LastActivity, seat.AssignedAt, account.CreatedAt, account.Enabled, entraEnabled));

            if (contract.ExcludeFromFindings || Rules.IsIgnored(seat.ProductKey))
            {
                continue;
            }

            AddSeatFinding(contract, holder, seat, status, entraEnabled, accountSeats.Seats, inactivityDays);
        }

        if (_input.IncludeTenantFindings && accountSeats.Seats.Count > 1)
        {
            AddRedundantLicenses(accountSeats);
        }
    }

    public ReconcileResult Complete()
    {
        var positions = new List<Position>(_input.Contracts.Count);
        foreach (var contract in _input.Contracts.OrderBy(c => c.Id, StringComparer.Ordinal))
        {
            var headroom = contract.HeadroomPercent ?? Rules.HeadroomPercent;
            var position = PositionCalculator.Compute(contract, _counts[contract.Id].ToCounts(), ProductEntitlement(contract), headroom);
            positions.Add(position);
            if (!contract.ExcludeFromFindings && !contract.ProductKeys.All(Rules.IsIgnored))
            {
                AddContractFindings(contract, position);
            }
        }

        foreach (var ((source, productKey), seats) in _uncontracted.OrderBy(u => u.Key.Source, StringComparer.Ordinal).ThenBy(u => u.Key.ProductKey, StringComparer.Ordinal))
        {
            var name = _products.TryGetValue((source, productKey), out var product) ? product.Name : null;
            AddFinding(new Finding
            {
                Id = Finding.ComputeId(_input.TenantId, FindingTypes.UncontractedProduct, string.Empty, $"{source}|{productKey}"),
                Type = FindingTypes.UncontractedProduct,
                ContractId = string.Empty,
                SubjectKey = $"{source}|{productKey}",
                Subject = name is null || string.Equals(name, productKey, StringComparison.OrdinalIgnoreCase) ? productKey : $"{name} ({productKey})",
                ProductKey = productKey,
                AnnualCost = 0,
                Currency = Rules.DefaultCurrency,
                Sources = [source],
                Evidence = new Dictionary<string, string>
                {
                    ["source"] = source,
                    ["productKey"] = productKey,
                    ["assignedSeats"] = Text(seats),
                    ["reason"] = "No contract in the register covers this product, so its cost is unknown.",
                },
            });
        }

        return new ReconcileResult(positions, _findings);
    }

    private int? ProductEntitlement(Contract contract)
    {
        int? total = null;
        foreach (var key in contract.ProductKeys)
        {
            if (_products.TryGetValue((contract.Source, key), out var product) && product.EnabledUnits is { } units)
            {
                total = (total ?? 0) + units;
            }
        }

        return total;
    }

    private void AddSeatFinding(Contract contract, Account account, SeatAssignment seat, ActivityStatus status, bool? entraEnabled, IReadOnlyList<SeatAssignment> held, int inactivityDays)
    {
        // A vendor seat of someone with no enabled Entra account is a leaver's seat: that is the finding to act on,
        // and raising inactive/disabled for the same seat as well would count its money twice.
        string? type = account.Source != GraphSource && _input.Entra is not null && entraEnabled != true
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
            ["accountEnabled"] = Text(account.Enabled),
            ["lastActivity"] = Text(account.LastActivity),
            ["inactivityDays"] = Text(inactivityDays),
            ["assignedProducts"] = held.Count == 1 ? held[0].ProductKey : string.Join(",", held.Select(h => h.ProductKey)),
        };
        if (account.CreatedAt is { } created)
        {
            evidence["createdAt"] = Text(created);
        }

        if (seat.AssignedAt is { } assigned)
        {
            evidence["assignedAt"] = Text(assigned);
        }

        if (type == FindingTypes.OrphanedSeat)
        {
            evidence["entraAccount"] = entraEnabled is null ? "none" : "disabled";
        }

        var subjectKey = $"{account.IdentityKey}|{seat.ProductKey}";
        AddFinding(new Finding
        {
            Id = Finding.ComputeId(_input.TenantId, type, contract.Id, subjectKey),
            Type = type,
            ContractId = contract.Id,
            SubjectKey = subjectKey,
            Subject = Person(account),
            ProductKey = seat.ProductKey,
            AnnualCost = contract.AnnualUnitCost,
            Currency = contract.Currency,
            Sources = type == FindingTypes.OrphanedSeat ? [account.Source, GraphSource] : [account.Source],
            Evidence = evidence,
        });
    }

    private void AddRedundantLicenses(AccountSeats accountSeats)
    {
        var account = accountSeats.Account;
        var held = accountSeats.Seats
            .Select(s => _products.TryGetValue((account.Source, s.ProductKey), out var p) ? p : null)
            .OfType<Product>()
            .Where(p => p.ServicePlans is { Count: > 0 } && !Rules.IsIgnored(p.ProductKey))
            .DistinctBy(p => p.ProductKey, StringComparer.OrdinalIgnoreCase)
            .OrderBy(p => p.ProductKey, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < held.Count; i++)
        {
            var lesser = held[i];
            var plans = lesser.ServicePlans!.ToHashSet(StringComparer.OrdinalIgnoreCase);
            // The lesser product is one whose service plans another held product includes entirely. Two products
            // with identical plans are both "included"; only the one later in key order is flagged, so one stays.
            var fuller = held.FirstOrDefault(other => !ReferenceEquals(other, lesser) && plans.IsSubsetOf(other.ServicePlans!) &&
                (plans.Count < other.ServicePlans!.Count || string.CompareOrdinal(other.ProductKey, lesser.ProductKey) < 0));
            if (fuller is null)
            {
                continue;
            }

            _contractByProduct.TryGetValue((account.Source, lesser.ProductKey), out var contract);
            if (contract?.ExcludeFromFindings == true)
            {
                continue;
            }

            var contractId = contract?.Id ?? string.Empty;
            var subjectKey = $"{account.IdentityKey}|{lesser.ProductKey}";
            AddFinding(new Finding
            {
                Id = Finding.ComputeId(_input.TenantId, FindingTypes.RedundantLicense, contractId, subjectKey),
                Type = FindingTypes.RedundantLicense,
                ContractId = contractId,
                SubjectKey = subjectKey,
                Subject = Person(account),
                ProductKey = lesser.ProductKey,
                AnnualCost = contract?.AnnualUnitCost ?? 0,
                Currency = contract?.Currency ?? Rules.DefaultCurrency,
                Sources = [account.Source],
                Evidence = new Dictionary<string, string>
                {
                    ["source"] = account.Source,
                    ["identityKey"] = account.IdentityKey,
                    ["redundantProduct"] = lesser.ProductKey,
                    ["includedIn"] = fuller.ProductKey,
                    ["assignedProducts"] = string.Join(",", accountSeats.Seats.Select(s => s.ProductKey)),
                    ["reason"] = $"Every service plan of {lesser.ProductKey} is also in {fuller.ProductKey}.",
                },
            });
        }
    }

    private void AddContractFindings(Contract contract, Position position)
    {
        var baseEvidence = new Dictionary<string, string>
        {
            ["entitled"] = Text(position.Entitled),
            ["assigned"] = Text(position.Assigned),
            ["active"] = Text(position.Counts.Active),
            ["inactive"] = Text(position.Counts.Inactive),
            ["disabled"] = Text(position.Counts.Disabled),
            ["annualUnitCost"] = Text(position.AnnualUnitCost),
            ["productKeys"] = string.Join(",", contract.ProductKeys),
        };
        if (position.Unassigned > 0)
        {
            AddContractFinding(contract, FindingTypes.UnassignedSeats, position.Unassigned * position.AnnualUnitCost,
                new Dictionary<string, string>(baseEvidence) { ["unassigned"] = Text(position.Unassigned) });
        }

        if (position.OverAssigned > 0)
        {
            AddContractFinding(contract, FindingTypes.OverAssigned, position.OverAssigned * position.AnnualUnitCost,
                new Dictionary<string, string>(baseEvidence) { ["overAssigned"] = Text(position.OverAssigned) });
        }

        if (IsRenewalDue(contract, _input.RunAt, Rules.RenewalLookaheadDays))
        {
            AddContractFinding(contract, FindingTypes.RenewalDue, position.PotentialSavings,
                new Dictionary<string, string>(baseEvidence)
                {
                    ["renewalDate"] = Text(contract.RenewalDate),
                    ["noticeDays"] = Text(contract.NoticeDays),
                    ["noticeDate"] = Text(contract.NoticeDate),
                    ["autoRenew"] = Text(contract.AutoRenew),
                    ["recommendedSeats"] = Text(position.RecommendedSeats),
                    ["potentialSavings"] = Text(position.PotentialSavings),
                });
        }
    }

    /// <summary>
    /// A committed contract whose notice date (renewalDate − noticeDays) falls within the look-ahead of the run
    /// date, or has passed while the renewal date is still ahead: renewal ≥ today and noticeDate ≤ today + look-ahead.
    /// </summary>
    public static bool IsRenewalDue(Contract contract, DateTimeOffset runAt, int lookaheadDays)
    {
        if (!contract.IsCommitted || contract.RenewalDate is not { } renewal)
        {
            return false;
        }

        var today = DateOnly.FromDateTime(runAt.UtcDateTime);
        return renewal >= today && contract.NoticeDate!.Value <= today.AddDays(lookaheadDays);
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

    private static string Person(Account account) =>
        string.IsNullOrWhiteSpace(account.DisplayName) ? account.IdentityKey : $"{account.DisplayName} <{account.IdentityKey}>";

    internal static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Text(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    internal static string Text(bool value) => value ? "true" : "false";

    internal static string Text(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "none";

    internal static string Text(DateTimeOffset? value) => value?.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) ?? "never";

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

    private sealed class ProductKeyComparer : IEqualityComparer<(string Source, string ProductKey)>
    {
        public static readonly ProductKeyComparer Instance = new();

        public bool Equals((string Source, string ProductKey) x, (string Source, string ProductKey) y) =>
            string.Equals(x.Source, y.Source, StringComparison.Ordinal) &&
            string.Equals(x.ProductKey, y.ProductKey, StringComparison.OrdinalIgnoreCase);

        public int GetHashCode((string Source, string ProductKey) obj) =>
            HashCode.Combine(obj.Source, StringComparer.OrdinalIgnoreCase.GetHashCode(obj.ProductKey));
    }
}
