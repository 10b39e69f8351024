using System.Globalization;
using Seatwise.Core.Findings;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Runs;

/// <summary>
/// The run's merge a bucket at a time (<see cref="FindingRepository.MergeAsync"/>) leaves the same ledger, totals and
/// summary aggregates as the domain's merge of the whole ledger at once: buckets are independent because a finding's
/// bucket follows from its id.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LedgerMergeTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Before = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DateTimeOffset RunAt = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private static Finding Finding(string tenant, int i, decimal cost) => new()
    {
        Id = Core.Findings.Finding.ComputeId(tenant, i % 9 == 0 ? FindingTypes.RenewalDue : FindingTypes.InactiveSeat, "c" + (i % 3), i.ToString(CultureInfo.InvariantCulture)),
        Type = i % 9 == 0 ? FindingTypes.RenewalDue : FindingTypes.InactiveSeat,
        ContractId = "c" + (i % 3),
        SubjectKey = $"user{i}",
        Subject = $"User {i}",
        AnnualCost = cost,
        Currency = i % 4 == 0 ? "USD" : "EUR",
        Sources = [i % 11 == 0 ? "zoom" : "graph"],
        Evidence = new Dictionary<string, string>(),
    };

    /// <summary>Every state a stored entry can be in: open, resolved, acknowledged, snoozed with the snooze over.</summary>
    private static LedgerEntry Stored(string tenant, int i) => new()
    {
        Finding = Finding(tenant, i, 100 + i),
        Status = (i % 5) switch { 0 => FindingStatus.Resolved, 1 => FindingStatus.Acknowledged, 2 => FindingStatus.Snoozed, _ => FindingStatus.Open },
        StatusReason = i % 5 == 1 ? "kept on purpose" : null,
        SnoozedUntil = i % 5 == 2 ? Before.AddDays(7) : null,
        ResolvedAt = i % 5 == 0 ? Before : null,
        FirstSeenAt = Before,
        LastSeenAt = Before,
        LastRunId = "r1",
        AlertedAt = i % 2 == 0 ? Before : null,
    };

    [Fact]
    public async Task MergingBucketByBucket_EqualsTheWholeLedgersMerge()
    {
        var tenant = "m" + Guid.NewGuid().ToString("N")[..12];
        var repository = new FindingRepository(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString)), new StorageSettings { WriteConcurrency = 3 });
        var previous = Enumerable.Range(0, 200).Select(i => Stored(tenant, i)).ToList();
        await repository.SaveAsync(tenant, [], previous, CancellationToken.None);
        // Seen again (some at a new cost, one twice), gone (zoom's carried over as unverifiable, the rest resolved), new.
        var current = Enumerable.Range(60, 200).Select(i => Finding(tenant, i, i % 7 == 0 ? 5000 + i : 100 + i)).Append(Finding(tenant, 70, 170)).ToList();
        static bool Unverifiable(Finding f) => f.Sources.Contains("zoom");
        var expected = FindingLedger.Merge(previous, current, "r2", RunAt, Unverifiable);

        var totals = await repository.MergeAsync(tenant, b => current.Where(f => FindingRepository.BucketOf(f.Id) == b),
            (stored, seen) => FindingLedger.Merge(stored, seen, "r2", RunAt, Unverifiable), CancellationToken.None);

        var ledger = (await repository.ListAllAsync(tenant, CancellationToken.None)).Select(s => s.Entry).OrderBy(e => e.Finding.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Entries.OrderBy(e => e.Finding.Id, StringComparer.Ordinal).Select(Describe), ledger.Select(Describe));
        Assert.Equal(expected.Entries.Count(e => e.Status != FindingStatus.Resolved), totals.Open);
        foreach (var change in Enum.GetValues<LedgerChange>())
        {
            Assert.Equal(expected.Count(change), totals.Count(change));
        }

        var aggregates = Assert.IsType<FindingAggregates>(await repository.GetAggregatesAsync(tenant, CancellationToken.None));
        var want = FindingAggregates.From(expected.Entries);
        Assert.Equal(want.Open.OrderBy(Key, StringComparer.Ordinal), aggregates.Open.OrderBy(Key, StringComparer.Ordinal));
        Assert.Equal(want.Review.Select(f => f.Id).Order(StringComparer.Ordinal), aggregates.Review.Select(f => f.Id).Order(StringComparer.Ordinal));
    }

    private static string Key(FindingTally t) => $"{t.Type}|{t.Currency}|{t.ContractId}";

    private static string Describe(LedgerEntry e) =>
        $"{e.Finding.Id} {e.Finding.AnnualCost} {e.Status} {e.StatusReason} {e.SnoozedUntil:O} {e.FirstSeenAt:O} {e.LastSeenAt:O} {e.LastRunId} {e.ResolvedAt:O} {e.AlertedAt:O}";
}
