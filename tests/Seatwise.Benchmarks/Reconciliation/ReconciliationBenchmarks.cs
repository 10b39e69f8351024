using BenchmarkDotNet.Attributes;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;

namespace Seatwise.Benchmarks.Reconciliation;

/// <summary>
/// Reconciles a generated tenant (100,000 accounts, about 130,000 seats, 20 contracts) in one streaming pass.
/// The accounts are generated on the fly inside the measured method, as a source would stream them, so the
/// allocation figure includes producing the input (an upper bound on the reconciler's own).
/// </summary>
[MemoryDiagnoser]
public class ReconciliationBenchmarks
{
    private static readonly DateTimeOffset RunAt = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);
    private ReconcileInput _input = null!;

    /// <summary>The generated tenant's reconcile input (after <see cref="Setup"/>), for scale runs that need its findings.</summary>
    public ReconcileInput Input => _input;

    [Params(100_000)]
    public int Accounts { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var contracts = Enumerable.Range(0, 20).Select(i => new Contract
        {
            Id = $"contract-{i:00}",
            Vendor = i < 10 ? "Microsoft" : $"Vendor{i}",
            Name = $"Product {i}",
            Source = "graph",
            ProductKeys = [$"SKU_{i:00}"],
            Seats = Accounts / 10,
            UnitPrice = 10m + i,
            Currency = "EUR",
            BillingPeriod = i % 2 == 0 ? BillingPeriod.Monthly : BillingPeriod.Annual,
            RenewalDate = new DateOnly(2026, 7, 1).AddDays(i * 10),
            NoticeDays = 30,
        }).ToList();
        var products = Enumerable.Range(0, 20)
            .Select(i => new Product("graph", $"SKU_{i:00}", ServicePlans: [.. Enumerable.Range(0, 3 + (i % 3)).Select(p => $"PLAN_{i / 3}_{p}")]))
            .ToList();
        _input = new ReconcileInput { TenantId = "bench", RunAt = RunAt, Contracts = contracts, Products = products };
    }

    /// <summary>Baseline: producing the same stream without reconciling it, so the reconciler's own share shows as the difference.</summary>
    [Benchmark(Baseline = true)]
    public int GenerateOnly()
    {
        var seats = 0;
        foreach (var account in Generate(Accounts))
        {
            seats += account.Seats.Count;
        }

        return seats;
    }

    [Benchmark]
    public int Reconcile()
    {
        // Both steps a run makes over the seats: the contracts, and the tenant-wide seat rules.
        var reconciler = new ContractReconciler(_input, new NullSink());
        var tenant = TenantRules(_input);
        foreach (var account in Generate(Accounts))
        {
            reconciler.Add(account);
            tenant.Add(account);
        }

        var result = reconciler.Complete();
        return result.Findings.Count + result.Positions.Count + tenant.Complete().Count;
    }

    public static TenantSeatRules TenantRules(ReconcileInput input) =>
        new(new TenantSeatInput { TenantId = input.TenantId, Rules = input.Rules, Contracts = input.Contracts, Products = input.Products });

    /// <summary>Deterministic tenant: 1.3 seats per account on average (3 in 10 accounts hold two products), 8% disabled, 18% inactive.</summary>
    public static IEnumerable<AccountSeats> Generate(int accounts)
    {
        var random = new Random(12345);
        for (var i = 0; i < accounts; i++)
        {
            var upn = $"user{i}@contoso.com";
            var account = new Account
            {
                Source = "graph",
                AccountId = i.ToString("x8", System.Globalization.CultureInfo.InvariantCulture),
                IdentityKey = upn,
                DisplayName = upn,
                Enabled = random.Next(100) >= 8,
                CreatedAt = RunAt.AddDays(-random.Next(1, 2000)),
                // About 4% never signed in and 14% idle 91-400 days: 18% inactive, as in the demo tenant.
                LastSuccessfulSignInAt = random.Next(100) switch
                {
                    < 4 => null,
                    < 18 => RunAt.AddDays(-random.Next(91, 400)),
                    _ => RunAt.AddDays(-random.Next(0, 90)),
                },
            };
            var first = random.Next(20);
            IReadOnlyList<SeatAssignment> seats = i % 10 < 3
                ? [new SeatAssignment($"SKU_{first:00}"), new SeatAssignment($"SKU_{(first + 1) % 20:00}")]
                : [new SeatAssignment($"SKU_{first:00}")];
            yield return new AccountSeats(account, seats);
        }
    }

    public sealed class NullSink : ISeatLineSink
    {
        public void Add(SeatLine line)
        {
        }
    }

    /// <summary>
    /// The generated tenant of <paramref name="users"/> accounts reconciled for real (contracts and tenant-wide rules):
    /// its positions and its first ledger, as a run would leave them. Scale benchmarks seed storage with it.
    /// </summary>
    public static (IReadOnlyList<Position> Positions, LedgerResult Ledger, DateTimeOffset RunAt) Reconciled(int users, string runId)
    {
        var bench = new ReconciliationBenchmarks { Accounts = users };
        bench.Setup();
        var reconciler = new ContractReconciler(bench.Input, new NullSink());
        var rules = TenantRules(bench.Input);
        foreach (var account in Generate(users))
        {
            reconciler.Add(account);
            rules.Add(account);
        }

        var result = reconciler.Complete();
        return (result.Positions, FindingLedger.Merge([], [.. result.Findings, .. rules.Complete()], runId, bench.Input.RunAt, _ => false), bench.Input.RunAt);
    }
}
