using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;

namespace Seatwise.Core.Reconciliation;

/// <summary>What the tenant-wide seat rules need: the whole register and every product any source reported.</summary>
public sealed record TenantSeatInput
{
    public required string TenantId { get; init; }

    public RulesOptions Rules { get; init; } = new();

    public required IReadOnlyList<Contract> Contracts { get; init; }

    public IReadOnlyList<Product> Products { get; init; } = [];
}

/// <summary>
/// The seat rules that span contracts (the ReconcileTenant step), over every source's seats streamed once:
/// <c>uncontracted-product</c> (a product people hold that no contract covers) and <c>redundant-license</c> (a
/// product whose service plans another product the same person holds already includes).
/// </summary>
public sealed class TenantSeatRules(TenantSeatInput input)
{
    private readonly ProductIndex _index = new(input.Contracts, input.Products);
    private readonly Dictionary<(string Source, string ProductKey), int> _uncontracted = [];
    private readonly List<Finding> _findings = [];
    private readonly HashSet<string> _findingIds = new(StringComparer.Ordinal);

    private RulesOptions Rules => input.Rules;

    public async Task AddRangeAsync(IAsyncEnumerable<AccountSeats> accounts, CancellationToken cancellationToken = default)
    {
        await foreach (var account in accounts.WithCancellation(cancellationToken))
        {
            Add(account);
        }
    }

    public void AddRange(IEnumerable<AccountSeats> accounts)
    {
        foreach (var account in accounts)
        {
            Add(account);
        }
    }

    public void Add(AccountSeats accountSeats)
    {
        var account = accountSeats.Account;
        foreach (var seat in accountSeats.Seats)
        {
            if (_index.Covering(account.Source, seat.ProductKey) is null && !Rules.IsIgnored(seat.ProductKey))
            {
                var key = (account.Source, seat.ProductKey);
                _uncontracted[key] = _uncontracted.GetValueOrDefault(key) + 1;
            }
        }

        if (accountSeats.Seats.Count > 1)
        {
            AddRedundantLicenses(accountSeats);
        }
    }

    public IReadOnlyList<Finding> Complete()
    {
        foreach (var ((source, productKey), seats) in _uncontracted.OrderBy(u => u.Key.Source, StringComparer.Ordinal).ThenBy(u => u.Key.ProductKey, StringComparer.Ordinal))
        {
            var name = _index.Product(source, productKey)?.Name;
            AddFinding(new Finding
            {
                Id = Finding.ComputeId(input.TenantId, FindingTypes.UncontractedProduct, string.Empty, $"{source}|{productKey}"),
                Type = FindingTypes.UncontractedProduct,
                ContractId = string.Empty,
                SubjectKey = $"{source}|{productKey}",
                Subject = name is null || string.Equals(name, productKey, StringComparison.OrdinalIgnoreCase) ? productKey : $"{name} ({productKey})",
                ProductKey = productKey,
                AnnualCost = 0,
                Currency = Rules.DefaultCurrency,
                Sources = [source],
                Step = RunSteps.Tenant,
                Evidence = new Dictionary<string, string>
                {
                    ["source"] = source,
                    ["productKey"] = productKey,
                    ["assignedSeats"] = EvidenceText.Of(seats),
                    ["reason"] = "No contract in the register covers this product, so its cost is unknown.",
                },
            });
        }

        return _findings;
    }

    private void AddRedundantLicenses(AccountSeats accountSeats)
    {
        var account = accountSeats.Account;
        var held = accountSeats.Seats
            .Select(s => _index.Product(account.Source, s.ProductKey))
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

            var contract = _index.Covering(account.Source, lesser.ProductKey);
            if (contract?.ExcludeFromFindings == true)
            {
                continue;
            }

            var contractId = contract?.Id ?? string.Empty;
            var subjectKey = $"{account.IdentityKey}|{lesser.ProductKey}";
            var evidence = new Dictionary<string, string>
            {
                ["source"] = account.Source,
                ["accountId"] = account.AccountId,
                ["identityKey"] = account.IdentityKey,
                ["redundantProduct"] = lesser.ProductKey,
                ["includedIn"] = fuller.ProductKey,
                ["assignedProducts"] = string.Join(",", accountSeats.Seats.Select(s => s.ProductKey)),
                ["reason"] = $"Every service plan of {lesser.ProductKey} is also in {fuller.ProductKey}.",
            };
            // Reclaim removes the lesser licence; one held only through a group is changed at the group.
            if (accountSeats.Seats.FirstOrDefault(s => string.Equals(s.ProductKey, lesser.ProductKey, StringComparison.OrdinalIgnoreCase))?.AssignedByGroup is { } groups)
            {
                evidence["assignedByGroup"] = groups;
            }

            AddFinding(new Finding
            {
                Id = Finding.ComputeId(input.TenantId, FindingTypes.RedundantLicense, contractId, subjectKey),
                Type = FindingTypes.RedundantLicense,
                ContractId = contractId,
                SubjectKey = subjectKey,
                Subject = EvidenceText.Person(account),
                ProductKey = lesser.ProductKey,
                AnnualCost = contract?.AnnualUnitCost ?? 0,
                Currency = contract?.Currency ?? Rules.DefaultCurrency,
                Sources = [account.Source],
                Step = RunSteps.Tenant,
                Evidence = evidence,
            });
        }
    }

    private void AddFinding(Finding finding)
    {
        if (_findingIds.Add(finding.Id))
        {
            _findings.Add(finding);
        }
    }
}
