using System.Text.Json;
using Seatwise.Core.Findings;
using Seatwise.Storage.Runs;

namespace Seatwise.Workflows.Tests.Runs;

/// <summary>The run's raw findings as the ledger merge holds them: compressed per group, each group taken once and whole.</summary>
public sealed class RunFindingGroupsTests
{
    private static Finding Finding(int i, string subject) => new()
    {
        Id = $"f{i:D4}",
        Type = FindingTypes.InactiveSeat,
        ContractId = "m365-e3",
        SubjectKey = $"user{i}@contoso.com",
        Subject = subject,
        AnnualCost = 100m + i,
        Currency = "EUR",
        Sources = ["graph"],
        Evidence = new Dictionary<string, string> { ["note"] = subject, ["lastSignIn"] = "2026-01-02" },
    };

    [Fact]
    public void EveryFindingComesBackInItsGroup_InOrder_WithTextThatLooksLikeLineBreaks()
    {
        // Subjects with line breaks, quotes and non-ASCII: a group is JSON lines, so a raw break would split a finding.
        // Enough findings that each group spans several compressed chunks and ends with some waiting uncompressed.
        string[] subjects = ["Ana\nLine", "Bo \"Q\" \r\n", "Zoë ✓", "tab\there", "\u2028sep"];
        var findings = Enumerable.Range(0, 2_000).Select(i => Finding(i, subjects[i % subjects.Length])).ToList();
        var groups = new RunFindingGroups(3);
        foreach (var f in findings)
        {
            groups.Add(int.Parse(f.Id[1..], System.Globalization.CultureInfo.InvariantCulture) % 3, JsonSerializer.Serialize(f, ResultRepository.Json));
        }

        Assert.True(findings.Count / 3 > 2 * CompressedFindings.ChunkSize);
        Assert.Equal(2_000, groups.Count);
        for (var g = 0; g < 3; g++)
        {
            var expected = findings.Where((_, i) => i % 3 == g).Select(f => JsonSerializer.Serialize(f, ResultRepository.Json)).ToList();
            var taken = groups.Take(g).Select(f => JsonSerializer.Serialize(f, ResultRepository.Json)).ToList();
            Assert.Equal(expected, taken);
        }
    }

    [Fact]
    public void AGroupIsTakenOnce_AndAnEmptyGroupIsEmpty()
    {
        var groups = new RunFindingGroups(2);
        groups.Add(1, JsonSerializer.Serialize(Finding(1, "x"), ResultRepository.Json));

        Assert.Empty(groups.Take(0));
        Assert.Single(groups.Take(1));
        Assert.Throws<InvalidOperationException>(() => groups.Take(1));
        Assert.Throws<InvalidOperationException>(() => groups.Add(1, "{}"));
    }
}
