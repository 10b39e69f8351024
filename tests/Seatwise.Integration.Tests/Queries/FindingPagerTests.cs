using Seatwise.Core.Findings;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Queries;

/// <summary>
/// The cost-ordered pager over a ledger with many ties and more distinct costs than a cursor carries, against
/// Azurite: every finding exactly once, in annualCost-then-id order, whatever the page size.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FindingPagerTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private static LedgerEntry Entry(string tenant, int i, FindingStatus status = FindingStatus.Open)
    {
        var id = Finding.ComputeId(tenant, FindingTypes.InactiveSeat, "c", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new LedgerEntry
        {
            Finding = new Finding
            {
                Id = id,
                Type = i % 7 == 0 ? FindingTypes.DisabledSeat : FindingTypes.InactiveSeat,
                ContractId = "c" + (i % 3),
                SubjectKey = $"user{i}",
                Subject = $"User {i}, \"quoted\"\nsecond line",
                // 40 distinct costs (more than the 16 a cursor carries), many ties each, one with 4 decimals.
                AnnualCost = i % 40 == 39 ? 12.3456m : (i % 40) * 10.5m,
                Currency = "EUR",
                Sources = ["graph"],
                Evidence = new Dictionary<string, string> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            },
            Status = status,
            FirstSeenAt = At,
            LastSeenAt = At,
            LastRunId = "r",
        };
    }

    private async Task<(FindingRepository Repository, string Tenant, List<LedgerEntry> Entries)> SeedAsync(int count)
    {
        var tenant = "p" + Guid.NewGuid().ToString("N")[..12];
        var repository = new FindingRepository(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString)));
        var entries = Enumerable.Range(0, count).Select(i => Entry(tenant, i, i % 11 == 0 ? FindingStatus.Snoozed : FindingStatus.Open)).ToList();
        await repository.SaveAsync(tenant, [], entries, CancellationToken.None);
        return (repository, tenant, entries);
    }

    private static async Task<List<List<StoredFinding>>> AllPagesAsync(FindingRepository repository, string tenant, FindingFilter filter, int top)
    {
        var pages = new List<List<StoredFinding>>();
        string? cursor = null;
        do
        {
            var (items, next) = await repository.PageAsync(tenant, filter, top, cursor, CancellationToken.None);
            pages.Add([.. items]);
            cursor = next;
        }
        while (cursor is not null && pages.Count < 1000);

        return pages;
    }

    [Theory]
    [InlineData(100)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task EveryFindingOnce_InCostThenIdOrder(int top)
    {
        var (repository, tenant, entries) = await SeedAsync(1200);
        var expected = entries.OrderByDescending(e => Math.Round(e.Finding.AnnualCost, 4)).ThenBy(e => e.Finding.Id, StringComparer.Ordinal).Select(e => e.Finding.Id).ToList();

        var pages = await AllPagesAsync(repository, tenant, new FindingFilter(null, null, null, null), top);
        var ids = pages.SelectMany(p => p).Select(s => s.Entry.Finding.Id).ToList();

        Assert.Equal(expected, ids);
        Assert.All(pages.SkipLast(1), p => Assert.Equal(top, p.Count));
        Assert.Equal((int)Math.Ceiling(1200.0 / top), pages.Count);
    }

    [Fact]
    public async Task Filters_StatusTypeContractAndMinimum_MatchTheSameEntriesInMemory()
    {
        var (repository, tenant, entries) = await SeedAsync(600);
        var filter = new FindingFilter(FindingTypes.InactiveSeat, "open", "c1", 100m);

        var ids = (await AllPagesAsync(repository, tenant, filter, 50)).SelectMany(p => p).Select(s => s.Entry.Finding.Id).ToHashSet();
        var expected = entries.Where(e => e.Finding.Type == FindingTypes.InactiveSeat && e.Status == FindingStatus.Open && e.Finding.ContractId == "c1" && e.Finding.AnnualCost >= 100m)
            .Select(e => e.Finding.Id).ToHashSet();

        Assert.NotEmpty(expected);
        Assert.Equal(expected, ids);
    }
}
