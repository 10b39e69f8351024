using Seatwise.Core.Findings;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Findings;

public sealed class FindingLedgerTests
{
    private static readonly DateTimeOffset Run1 = RunAt;
    private static readonly DateTimeOffset Run2 = RunAt.AddDays(1);

    private static Finding F(string subject, string source = "graph", decimal cost = 684m) => new()
    {
        Id = Finding.ComputeId(Tenant, FindingTypes.InactiveSeat, "m365-e5", subject),
        Type = FindingTypes.InactiveSeat,
        ContractId = "m365-e5",
        SubjectKey = subject,
        Subject = subject,
        AnnualCost = cost,
        Currency = "EUR",
        Sources = [source],
        Evidence = new Dictionary<string, string>(),
    };

    private static LedgerResult Merge(IEnumerable<LedgerEntry> previous, IEnumerable<Finding> current, DateTimeOffset at, params string[] failedSources) =>
        FindingLedger.Merge(previous, current, $"run-{at:yyyyMMdd}", at, f => f.Sources.Any(failedSources.Contains));

    [Fact]
    public void FirstRun_EverythingOpens()
    {
        var result = Merge([], [F("a"), F("b")], Run1);

        Assert.All(result.Entries, e => Assert.Equal(FindingStatus.Open, e.Status));
        Assert.All(result.Entries, e => Assert.Equal(Run1, e.FirstSeenAt));
        Assert.Equal(2, result.Count(LedgerChange.Opened));
    }

    [Fact]
    public void SecondRun_StillSeenKeepsFirstSeenAndUpdatesLastSeenAndMoney()
    {
        var first = Merge([], [F("a")], Run1).Entries;

        var second = Merge(first, [F("a", cost: 700m)], Run2);

        var entry = Assert.Single(second.Entries);
        Assert.Equal(Run1, entry.FirstSeenAt);
        Assert.Equal(Run2, entry.LastSeenAt);
        Assert.Equal("run-20260616", entry.LastRunId);
        Assert.Equal(700m, entry.Finding.AnnualCost);
        Assert.Equal(LedgerChange.StillOpen, second.Changes[entry.Finding.Id]);
    }

    [Fact]
    public void NotSeenAnyMore_Resolves()
    {
        var first = Merge([], [F("a"), F("b")], Run1).Entries;

        var second = Merge(first, [F("a")], Run2);

        var b = second.Entries.Single(e => e.Finding.SubjectKey == "b");
        Assert.Equal(FindingStatus.Resolved, b.Status);
        Assert.Equal(Run2, b.ResolvedAt);
        Assert.Equal(1, second.Count(LedgerChange.Resolved));
    }

    [Fact]
    public void SourceFailed_FindingsOfThatSourceCarriedOverNeverResolved()
    {
        var first = Merge([], [F("a", "graph"), F("s", "slack")], Run1).Entries;

        var second = Merge(first, [], Run2, "slack");

        Assert.Equal(FindingStatus.Open, second.Entries.Single(e => e.Finding.SubjectKey == "s").Status);
        Assert.Equal(FindingStatus.Resolved, second.Entries.Single(e => e.Finding.SubjectKey == "a").Status);
        Assert.Equal(1, second.Count(LedgerChange.CarriedOver));
    }

    [Fact]
    public void ResolvedThenSeenAgain_ReopensWithNewFirstSeen()
    {
        var first = Merge([], [F("a")], Run1).Entries;
        var resolved = Merge(first, [], Run2).Entries;
        var run3 = Run2.AddDays(1);

        var third = Merge(resolved, [F("a")], run3);

        var entry = Assert.Single(third.Entries);
        Assert.Equal(FindingStatus.Open, entry.Status);
        Assert.Equal(run3, entry.FirstSeenAt);
        Assert.Null(entry.ResolvedAt);
        Assert.Equal(LedgerChange.Reopened, third.Changes[entry.Finding.Id]);
    }

    [Fact]
    public void Acknowledged_KeptWhileGapPersists()
    {
        var first = Merge([], [F("a")], Run1).Entries;
        var (acked, error) = FindingLedger.SetStatus(first[0], FindingStatus.Acknowledged, null, "planned for Q3", Run1);

        var second = Merge([acked!], [F("a")], Run2);

        Assert.Null(error);
        Assert.Equal(FindingStatus.Acknowledged, second.Entries[0].Status);
        Assert.Equal("planned for Q3", second.Entries[0].StatusReason);
    }

    [Fact]
    public void Snoozed_KeptUntilDateThenOpensAgain()
    {
        var first = Merge([], [F("a")], Run1).Entries;
        var (snoozed, _) = FindingLedger.SetStatus(first[0], FindingStatus.Snoozed, Run2.AddDays(1), null, Run1);

        var second = Merge([snoozed!], [F("a")], Run2);
        var third = Merge(second.Entries, [F("a")], Run2.AddDays(1));

        Assert.Equal(FindingStatus.Snoozed, second.Entries[0].Status);
        Assert.Equal(FindingStatus.Open, third.Entries[0].Status);
        Assert.Equal("snooze expired", third.Entries[0].StatusReason);
        Assert.Equal(LedgerChange.SnoozeExpired, third.Changes[third.Entries[0].Finding.Id]);
    }

    [Fact]
    public void ResolvedAndStillAbsent_Unchanged()
    {
        var resolved = Merge(Merge([], [F("a")], Run1).Entries, [], Run2).Entries;

        var third = Merge(resolved, [], Run2.AddDays(1));

        Assert.Equal(resolved, third.Entries);
    }

    [Theory]
    [InlineData(FindingStatus.Snoozed, null, "snoozedUntil is required to snooze a finding.")]
    [InlineData(FindingStatus.Snoozed, -1, "snoozedUntil must be in the future.")]
    [InlineData(FindingStatus.Resolved, null, "A finding cannot be resolved by hand; it resolves when a run no longer sees it.")]
    public void SetStatus_InvalidChange_ReturnsError(FindingStatus status, int? snoozeDays, string error)
    {
        var entry = Merge([], [F("a")], Run1).Entries[0];

        var (changed, message) = FindingLedger.SetStatus(entry, status, snoozeDays is { } d ? Run1.AddDays(d) : null, null, Run1);

        Assert.Null(changed);
        Assert.Equal(error, message);
    }

    [Fact]
    public void SetStatus_OnResolved_IsRefused()
    {
        var resolved = Merge(Merge([], [F("a")], Run1).Entries, [], Run2).Entries[0];

        var (changed, message) = FindingLedger.SetStatus(resolved, FindingStatus.Acknowledged, null, null, Run2);

        Assert.Null(changed);
        Assert.NotNull(message);
    }

    [Theory]
    // Expected values: SHA-256 of "tenant|type|contractId|subjectKey" as UTF-8, first 32 hex characters, computed
    // independently (python hashlib). The third subject is over 512 bytes (the pooled-buffer path) and not ASCII.
    [InlineData("contoso", "inactive-seat", "m365-e5", "ann@contoso.com|SPE_E5", "3cff52034d0a157ae70c09e54077d53a")]
    [InlineData("fabrikam", "inactive-seat", "m365-e5", "ann@contoso.com|SPE_E5", "ec4c63f06ec7a8e645270be8343822dd")]
    public void ComputeId_MatchesIndependentlyComputedValues(string tenant, string type, string contractId, string subjectKey, string expected)
    {
        var id = Finding.ComputeId(tenant, type, contractId, subjectKey);

        Assert.Equal(expected, id);
    }

    [Fact]
    public void ComputeId_LongNonAsciiSubject_MatchesIndependentlyComputedValue()
    {
        var subject = string.Concat(Enumerable.Repeat("Zoë", 200)) + "|licensed";

        Assert.Equal("26fc0ce9d27082f201d830fd667df67c", Finding.ComputeId("t", "orphaned-seat", "zoom", subject));
    }

    [Fact]
    public void ComputeId_KnownValue()
    {
        // SHA-256("t|unassigned-seats|c|c") computed independently (python hashlib), first 32 hex chars.
        Assert.Equal("3cd3240e1625a20f61359a8d7e4f39b6", Finding.ComputeId("t", "unassigned-seats", "c", "c"));
    }
}
