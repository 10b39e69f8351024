using Seatwise.Core.Contracts;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Properties;

/// <summary>Invariants checked over many seeded random tenants (property-style, reproducible by seed).</summary>
public sealed class ReconcilerPropertyTests
{
    private static readonly string[] Keys = ["SPE_E3", "SPE_E5", "VISIO", "PBI", "FREE"];

    public static TheoryData<int> Seeds()
    {
        var data = new TheoryData<int>();
        foreach (var seed in Enumerable.Range(1, 40))
        {
            data.Add(seed);
        }

        return data;
    }

    private static (List<Contract> Contracts, List<AccountSeats> Seats) RandomTenant(int seed, int maxAccounts = 120)
    {
        var random = new Random(seed);
        var contracts = Keys.Take(random.Next(1, Keys.Length + 1)).Select((k, i) => Contract(
            id: $"c{i}",
            productKeys: [k],
            seats: random.Next(4) == 0 ? null : random.Next(0, 60),
            unitPrice: random.Next(0, 10000) / 100m,
            billing: random.Next(2) == 0 ? BillingPeriod.Monthly : BillingPeriod.Annual,
            renewalDate: RunAt.AddDays(random.Next(-30, 200)).Date is var d ? DateOnly.FromDateTime(d) : null,
            noticeDays: random.Next(0, 120),
            headroomPercent: random.Next(3) == 0 ? random.Next(0, 30) : null)).ToList();
        var seats = Enumerable.Range(0, random.Next(0, maxAccounts)).Select(i =>
        {
            var account = Account($"u{i}", random.Next(5) == 0 ? null : random.NextDouble() * 300, enabled: random.Next(10) > 0, createdDaysAgo: random.NextDouble() * 400);
            var held = Keys.Where(_ => random.Next(3) == 0).ToArray();
            return Holding(account, held);
        }).ToList();
        return (contracts, seats);
    }

    private static ReconcileResult Run(List<Contract> contracts, IEnumerable<AccountSeats> seats, ISeatLineSink? sink = null)
    {
        var products = new[] { new Product("graph", "SPE_E3", ServicePlans: ["A", "B"], EnabledUnits: 40), new Product("graph", "SPE_E5", ServicePlans: ["A", "B", "C"], EnabledUnits: 30) };
        return ReconcileBothSteps(new ReconcileInput { TenantId = Tenant, RunAt = RunAt, Contracts = contracts, Products = products }, seats, sink);
    }

    private sealed class CountingSink : ISeatLineSink
    {
        public Dictionary<string, int> PerContract { get; } = [];

        public void Add(SeatLine line) => PerContract[line.ContractId] = PerContract.GetValueOrDefault(line.ContractId) + 1;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Positions_InvariantsHold(int seed)
    {
        var (contracts, seats) = RandomTenant(seed);
        var sink = new CountingSink();

        var result = Run(contracts, seats, sink);

        foreach (var p in result.Positions)
        {
            var c = p.Counts;
            Assert.Equal(p.Assigned, c.Active + c.New + c.Inactive + c.Disabled + c.Unknown);
            Assert.Equal(sink.PerContract.GetValueOrDefault(p.ContractId), p.Assigned);
            Assert.False(p.Unassigned > 0 && p.OverAssigned > 0);
            Assert.Equal(p.Entitled - p.Assigned, p.Unassigned - p.OverAssigned);
            Assert.True(p.AnnualWaste >= 0);
            Assert.True(p.PotentialSavings >= 0);
            Assert.True(p.AnnualCost >= 0);
            Assert.Equal(p.Entitled == 0, p.Utilization is null);
            Assert.True(p.RecommendedSeats >= c.Used);
        }

        Assert.All(result.Findings, f => Assert.True(f.AnnualCost >= 0));
        Assert.Equal(result.Findings.Count, result.Findings.Select(f => f.Id).Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void CompressedAndStreamed_GiveTheFindingsOfComplete(int seed)
    {
        // Enough accounts that the seat findings span several compressed chunks, and contracts small enough that
        // some seat findings claim less than their unit cost (the waste sharing's note in their evidence).
        var (contracts, seats) = RandomTenant(seed, maxAccounts: 1_500);
        var input = new ReconcileInput { TenantId = Tenant, RunAt = RunAt, Contracts = contracts };
        ContractReconciler Reconciler(bool compress)
        {
            var reconciler = new ContractReconciler(input with { CompressSeatFindings = compress });
            reconciler.AddRange(seats);
            return reconciler;
        }

        var expected = Reconciler(compress: false).Complete();
        var compressed = Reconciler(compress: true).Complete();
        var (positions, streamed) = Reconciler(compress: true).CompleteStreamed();

        Assert.Equal(expected.Findings.Select(Json), compressed.Findings.Select(Json));
        Assert.Equal(expected.Positions, positions);
        Assert.Equal(expected.Findings.Count, streamed.Count);
        Assert.Equal(expected.Findings.Select(Json).Order(StringComparer.Ordinal), streamed.Select(Json).Order(StringComparer.Ordinal));
        Assert.Throws<InvalidOperationException>(() => streamed.First());
    }

    private static string Json(Seatwise.Core.Findings.Finding finding) => System.Text.Json.JsonSerializer.Serialize(finding);

    [Fact]
    public void CompressedAndStreamed_AreExercised_WithChunksAndSharedWaste()
    {
        // The property above means something only if its tenants reach past one chunk and past the waste.
        var findings = Enumerable.Range(1, 40).Select(seed => RandomTenant(seed, maxAccounts: 1_500)).Select(t =>
        {
            var reconciler = new ContractReconciler(new ReconcileInput { TenantId = Tenant, RunAt = RunAt, Contracts = t.Contracts });
            reconciler.AddRange(t.Seats);
            return reconciler.Complete().Findings;
        }).ToList();

        Assert.Contains(findings, f => f.Count(x => x.SubjectKey.Contains('|', StringComparison.Ordinal)) > 600);
        Assert.Contains(findings, f => f.Any(x => x.Evidence.ContainsKey("moneyNote")));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Results_IndependentOfInputOrder(int seed)
    {
        var (contracts, seats) = RandomTenant(seed);
        var shuffled = seats.ToArray();
        new Random(seed + 1000).Shuffle(shuffled);

        var a = Run(contracts, seats);
        var b = Run([.. Enumerable.Reverse(contracts)], shuffled);

        Assert.Equal(a.Positions, b.Positions);
        Assert.Equal(a.Findings.Select(Describe).Order(StringComparer.Ordinal), b.Findings.Select(Describe).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void SeatActivity_PerProductWinsOverTheAccount_AndUnknownIsNeverInactive(int seed)
    {
        // Vendor accounts whose own activity is random and whose seats carry, at random, their own activity or
        // "no activity data": each seat is judged by its own activity when it has one, never inactive when unknown.
        var random = new Random(seed);
        var contract = Contract(id: "v", source: "vendor", productKeys: ["p"], seats: 500, vendor: "Vendor");
        var lines = new List<SeatLine>();
        var seats = Enumerable.Range(0, 200).Select(i =>
        {
            var account = Account($"u{i}", daysAgo: null, source: "vendor") with { LastActiveAt = random.Next(3) == 0 ? null : RunAt.AddDays(-random.Next(0, 300)) };
            var seat = random.Next(3) switch
            {
                0 => new SeatAssignment("p", ActivityUnknown: true),
                1 => new SeatAssignment("p", LastActiveAt: RunAt.AddDays(-random.Next(0, 300))),
                _ => new SeatAssignment("p"),
            };
            return new AccountSeats(account, [seat]);
        }).ToList();
        var reconciler = new ContractReconciler(new ReconcileInput { TenantId = "t", RunAt = RunAt, Contracts = [contract] }, new ListSink(lines));

        reconciler.AddRange(seats);
        var findings = reconciler.Complete().Findings;

        foreach (var (held, line) in seats.Zip(lines))
        {
            var seat = held.Seats[0];
            var last = seat.LastActiveAt ?? held.Account.LastActiveAt;
            var expected = seat.ActivityUnknown ? ActivityStatus.Unknown
                : last is null || last < RunAt.AddDays(-90) ? ActivityStatus.Inactive : ActivityStatus.Active;
            Assert.Equal(expected, line.Status);
            Assert.Equal(last, line.LastActivity);
        }

        Assert.Equal(lines.Count(l => l.Status == ActivityStatus.Inactive), findings.Count(f => f.Type == Seatwise.Core.Findings.FindingTypes.InactiveSeat));
    }

    /// <summary>Everything a person sees of a finding, so that order-dependent evidence or money shows up too.</summary>
    private static string Describe(Seatwise.Core.Findings.Finding f) =>
        $"{f.Id}|{f.Type}|{f.AnnualCost}|{f.Subject}|{string.Join(";", f.Evidence.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => e.Key + "=" + e.Value))}";

    private sealed class ListSink(List<SeatLine> lines) : ISeatLineSink
    {
        public void Add(SeatLine line) => lines.Add(line);
    }
}
