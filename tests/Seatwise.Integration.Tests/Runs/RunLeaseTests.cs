using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Storage.Accounts;
using Seatwise.Storage.Runs;
using Seatwise.Storage.Tables;

namespace Seatwise.Integration.Tests.Runs;

/// <summary>The run lease when storage does the write but the answer is lost.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RunLeaseTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("timeout-after", false)]
    [InlineData("lost-after", false)]
    [InlineData("timeout-after", true)]
    [InlineData("lost-after", true)]
    public async Task LeaseWrittenButItsAnswerLost_TheStartStillHoldsIt(string fault, bool takingOver)
    {
        // The first write of the lease row lands in storage, then the client sees a 500 or loses the response; the
        // SDK retries with the same condition and storage answers 409/412, which must not read as another holder.
        var faults = new StorageFaults(1, 1.0, [fault]) { Aim = r => r.Method != Azure.Core.RequestMethod.Get, Limit = 1, Enabled = false };
        var storage = StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(faults)]);
        var runs = new RunRepository(new TableStore(storage));
        var tenant = "lease" + Guid.NewGuid().ToString("N")[..8];
        if (takingOver)
        {
            // A finished run's lease: the next start replaces it at its ETag.
            Assert.True((await runs.TryAcquireLeaseAsync(tenant, "run-0", _ => Task.FromResult(false), CancellationToken.None)).Acquired);
        }

        faults.Enabled = true;
        var (acquired, heldBy) = await runs.TryAcquireLeaseAsync(tenant, "run-1", _ => Task.FromResult(false), CancellationToken.None);

        Assert.Equal(1, faults.Total);
        Assert.True(acquired, $"not acquired; held by {heldBy}");
    }

    [Theory]
    [InlineData("timeout-after", 10)]
    [InlineData("lost-after", 10)]
    [InlineData("timeout-after", 25)]
    [InlineData("lost-after", 25)]
    public async Task LedgerBatchWrittenButItsAnswerLost_TheMergeSucceeds_AndAPersonsChangeStillWins(string fault, int newCost)
    {
        var faults = new StorageFaults(1, 1.0, [fault]) { Aim = r => r.Uri.ToString().Contains("$batch", StringComparison.Ordinal), Limit = 1, Enabled = false };
        var repository = new FindingRepository(new TableStore(StorageAccount.FromConnectionString(azurite.ConnectionString, [new StoragePolicy(faults)])));
        var tenant = "ledger" + Guid.NewGuid().ToString("N")[..8];
        var entry = new Seatwise.Core.Findings.LedgerEntry
        {
            Finding = new Seatwise.Core.Findings.Finding
            {
                Id = "f1", Type = Seatwise.Core.Findings.FindingTypes.InactiveSeat, ContractId = "c", SubjectKey = "s", Subject = "s",
                AnnualCost = 10, Currency = "EUR", Sources = ["graph"], Evidence = new Dictionary<string, string>(),
            },
            Status = Seatwise.Core.Findings.FindingStatus.Open, FirstSeenAt = DateTimeOffset.UnixEpoch, LastSeenAt = DateTimeOffset.UnixEpoch, LastRunId = "run-1",
        };
        await repository.SaveAsync(tenant, [], [entry], CancellationToken.None);
        var stored = (await repository.ListAllAsync(tenant, CancellationToken.None)).Single();

        faults.Enabled = true;
        // A new cost moves the entry to a new key: its delete and insert are one transaction, retried the same way.
        var changed = entry with { LastRunId = "run-2", Finding = entry.Finding with { AnnualCost = newCost } };
        await repository.SaveAsync(tenant, [(changed, stored)], [], CancellationToken.None);

        Assert.Equal(1, faults.Total);
        var after = Assert.Single(await repository.ListAllAsync(tenant, CancellationToken.None));
        Assert.Equal("run-2", after.Entry.LastRunId);
        Assert.Equal(newCost, after.Entry.Finding.AnnualCost);
        // A write at an ETag someone else has moved on from still fails: a person's change is never overwritten.
        await Assert.ThrowsAnyAsync<Azure.RequestFailedException>(() =>
            repository.SaveAsync(tenant, [(entry with { LastRunId = "run-3" }, stored)], [], CancellationToken.None));
    }
}
