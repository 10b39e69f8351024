using Seatwise.Core.Findings;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Queries;

/// <summary>
/// Cached findings pages are served only while the ledger is unchanged: a change made through another instance (a
/// second repository on the same storage, as a second Functions instance would be) is seen by the next page.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FindingPageCacheTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 6, 15, 0, 0, 0, TimeSpan.Zero);

    private FindingRepository Instance() => new(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString)));

    private static LedgerEntry Entry(string tenant, int i) => new()
    {
        Finding = new Finding
        {
            Id = Finding.ComputeId(tenant, FindingTypes.InactiveSeat, "c", i.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Type = FindingTypes.InactiveSeat,
            ContractId = "c",
            SubjectKey = $"user{i}",
            Subject = $"User {i}",
            AnnualCost = 100 + i,
            Currency = "EUR",
            Sources = ["graph"],
            Evidence = new Dictionary<string, string>(),
        },
        Status = FindingStatus.Open,
        FirstSeenAt = At,
        LastSeenAt = At,
        LastRunId = "r1",
    };

    [Fact]
    public async Task AChangeThroughAnotherInstance_IsSeenByTheNextPage()
    {
        var tenant = "c" + Guid.NewGuid().ToString("N")[..12];
        var (one, two) = (Instance(), Instance());
        var open = new FindingFilter(null, "open", null, null);
        await one.SaveAsync(tenant, [], [.. Enumerable.Range(0, 30).Select(i => Entry(tenant, i))], CancellationToken.None);

        var before = (await one.PageAsync(tenant, open, 10, null, CancellationToken.None)).Items;
        var top = Assert.IsType<StoredFinding>(await two.GetAsync(tenant, before[0].Entry.Finding.Id, CancellationToken.None));
        var (outcome, _) = await two.ReplaceAsync(tenant, top, top.Entry with { Status = FindingStatus.Acknowledged }, top.ETag.ToString(), CancellationToken.None);
        var after = (await one.PageAsync(tenant, open, 10, null, CancellationToken.None)).Items;

        Assert.Equal(WriteOutcome.Done, outcome);
        Assert.DoesNotContain(after, s => s.Entry.Finding.Id == top.Entry.Finding.Id);
        Assert.Equal(before.Skip(1).Select(s => s.Entry.Finding.Id), after.Take(9).Select(s => s.Entry.Finding.Id));
    }

    [Fact]
    public async Task ARunsSave_IsSeenByTheNextPage()
    {
        var tenant = "c" + Guid.NewGuid().ToString("N")[..12];
        var (one, two) = (Instance(), Instance());
        var all = new FindingFilter(null, null, null, null);
        await one.SaveAsync(tenant, [], [.. Enumerable.Range(0, 5).Select(i => Entry(tenant, i))], CancellationToken.None);
        // A person's change first, so the page below is cached whichever write created the version row.
        var first = (await two.ListAllAsync(tenant, CancellationToken.None)).OrderByDescending(s => s.Entry.Finding.AnnualCost).First();
        await two.ReplaceAsync(tenant, first, first.Entry with { Status = FindingStatus.Acknowledged }, first.ETag.ToString(), CancellationToken.None);
        Assert.Equal(5, (await one.PageAsync(tenant, all, 50, null, CancellationToken.None)).Items.Count);

        var stored = await two.ListAllAsync(tenant, CancellationToken.None);
        var cheapest = stored.OrderBy(s => s.Entry.Finding.AnnualCost).First();
        await two.SaveAsync(tenant, [(cheapest.Entry with { Finding = cheapest.Entry.Finding with { AnnualCost = 5000 } }, cheapest)], [Entry(tenant, 99)], CancellationToken.None);
        var page = (await one.PageAsync(tenant, all, 50, null, CancellationToken.None)).Items;

        Assert.Equal(6, page.Count);
        Assert.Equal(cheapest.Entry.Finding.Id, page[0].Entry.Finding.Id);
    }
}
