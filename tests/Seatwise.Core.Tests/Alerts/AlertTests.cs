using System.Text;
using System.Text.Json.Nodes;
using Seatwise.Core.Alerts;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Reporting;

namespace Seatwise.Core.Tests.Alerts;

public sealed class AlertTests
{
    private static Finding F(string id, decimal cost, string type = FindingTypes.InactiveSeat, string contract = "m365-e5", string currency = "EUR", string subject = "Ada Lovelace (ada@contoso.com)") => new()
    {
        Id = id,
        Type = type,
        ContractId = contract,
        SubjectKey = id,
        Subject = subject,
        ProductKey = "SPE_E5",
        AnnualCost = cost,
        Currency = currency,
        Sources = ["graph"],
        Evidence = new Dictionary<string, string> { ["lastActivity"] = "2026-01-02T03:04:05Z", ["accountEnabled"] = "true", ["createdAt"] = "2020-01-01" },
    };

    private static LedgerEntry E(Finding f, FindingStatus status = FindingStatus.Open, string run = "run-2", DateTimeOffset? alerted = null) => new()
    {
        Finding = f,
        Status = status,
        FirstSeenAt = TestData.RunAt,
        LastSeenAt = TestData.RunAt,
        LastRunId = run,
        AlertedAt = alerted,
    };

    private static JsonArray Body(JsonObject message) => (JsonArray)message["attachments"]![0]!["content"]!["body"]!;

    [Fact]
    public void Select_OnlyOpenUnalertedFindingsOfThisRunAboveTheMinimum_MostExpensiveFirst()
    {
        var ledger = new[]
        {
            E(F("cheap", 10m)),
            E(F("b", 657m)),
            E(F("a", 657m)),
            E(F("big", 1200m)),
            E(F("snoozed", 5000m), FindingStatus.Snoozed),
            E(F("acked", 5000m), FindingStatus.Acknowledged),
            E(F("resolved", 5000m), FindingStatus.Resolved),
            E(F("told", 5000m), alerted: TestData.RunAt.AddDays(-1)),
            E(F("gone", 5000m), run: "run-1"),
        };

        var selected = AlertSelection.Select(ledger, "run-2", minAnnualCost: 100m);

        Assert.Equal(["big", "a", "b"], selected.Select(e => e.Finding.Id));
    }

    private static readonly CurrencyHeadlines[] TwoCurrencies =
    [
        new("EUR", AnnualSpend: 68_400m, UnusedNow: 23_940m, PotentialSavings: 21_204m, TrueUpExposure: 0m, SpendUnderReview: 18_000m, ContractsUnderReview: 1),
        new("USD", AnnualSpend: 2_400m, UnusedNow: 480m, PotentialSavings: 240m, TrueUpExposure: 120m, SpendUnderReview: 0m, ContractsUnderReview: 0),
    ];

    [Fact]
    public void RunAlert_Card_FieldByField()
    {
        var renewal = TestData.Contract("adobe", vendor: "Adobe", billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 7, 10), noticeDays: 15);
        var renewalDue = F("r1", 18_000m, FindingTypes.RenewalDue, subject: "Adobe adobe", contract: "adobe");
        var alert = new RunAlert("run-2", TestData.RunAt, TwoCurrencies,
            AlertFindings.Of([F("f1", 1200m, FindingTypes.UnassignedSeats, subject: "Microsoft m365-e5"), F("f2", 657m), F("f3", 80m, currency: "USD", contract: "zoom"), renewalDue]),
            OpenTotal: 42,
            Renewals: Renewals.Upcoming([renewal], TestData.RunAt, 30),
            DashboardUrl: "https://seatwise.contoso.com/api/dashboard",
            RenewalWindowDays: 30);

        var message = TeamsCards.RunAlert(alert);
        var card = message["attachments"]![0]!["content"]!.AsObject();
        var body = Body(message);

        Assert.Equal("message", message["type"]!.GetValue<string>());
        Assert.Equal("1.5", card["version"]!.GetValue<string>());
        Assert.Equal("Seatwise: 4 new findings", body[0]!["text"]!.GetValue<string>());
        // It leads with potential savings and unused now, per currency side by side (never added together).
        Assert.Equal("EUR 21,204.00 · USD 240.00 potential savings at renewal · EUR 23,940.00 · USD 480.00 unused now · run run-2 · 2026-06-15 12:00 UTC", body[1]!["text"]!.GetValue<string>());
        var facts = Facts(body[2]!);
        Assert.Equal("EUR 68,400.00 · USD 2,400.00", facts["Annual spend"]);
        Assert.Equal("EUR 23,940.00 · USD 480.00", facts["Unused now"]);
        Assert.Equal("EUR 21,204.00 · USD 240.00", facts["Potential savings at renewal"]);
        Assert.Equal("EUR 0.00 · USD 120.00", facts["True-up exposure"]);
        Assert.Equal("EUR 18,000.00 · USD 0.00", facts["Spend under review"]);
        Assert.Equal("42", facts["Open findings"]);
        Assert.Equal("Top 3 new savings findings", body[3]!["text"]!.GetValue<string>());
        var first = body[4]!["items"]!.AsArray();
        Assert.Equal("**EUR 1,200.00** per year · unassigned-seats · m365-e5", first[0]!["text"]!.GetValue<string>());
        Assert.Equal("Microsoft m365-e5", first[1]!["text"]!.GetValue<string>());
        // The facts that best prove it, in a fixed order of preference (createdAt is not one of them).
        Assert.Equal("lastActivity: 2026-01-02T03:04:05Z · accountEnabled: true", first[2]!["text"]!.GetValue<string>());
        Assert.Equal("**USD 80.00** per year · inactive-seat · zoom", body[6]!["items"]![0]!["text"]!.GetValue<string>());
        // Decisions come after the savings, with their own total: the renewal is not added to the savings.
        Assert.Equal("Decisions to review · spend under review EUR 18,000.00 · USD 0.00", body[7]!["text"]!.GetValue<string>());
        Assert.Equal("**EUR 18,000.00** per year · renewal-due · adobe", body[8]!["items"]![0]!["text"]!.GetValue<string>());
        Assert.Equal("Notice dates in the next 30 days", body[9]!["text"]!.GetValue<string>());
        var renewalFact = body[10]!["facts"]![0]!;
        Assert.Equal("Adobe adobe", renewalFact["title"]!.GetValue<string>());
        Assert.Equal("notice 2026-06-25 (in 10 days), renews 2026-07-10", renewalFact["value"]!.GetValue<string>());
        Assert.Equal("https://seatwise.contoso.com/api/dashboard", card["actions"]![0]!["url"]!.GetValue<string>());
        Assert.Empty(AdaptiveCardCheck.Problems(message));
    }

    private static Dictionary<string, string> Facts(JsonNode factSet) =>
        factSet["facts"]!.AsArray().ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());

    [Fact]
    public void RunAlert_5000Findings_Top10AndHowManyMore_UnderTheSizeLimit()
    {
        var findings = Enumerable.Range(0, 5000).Select(i => F($"f{i:0000}", 5000 - i)).ToList();

        var message = TeamsCards.RunAlert(new RunAlert("run-2", TestData.RunAt, TwoCurrencies, AlertFindings.Of(findings), 5000, [], null, 30));
        var bytes = Encoding.UTF8.GetByteCount(TeamsCards.Serialize(message));
        var texts = Body(message).Select(n => n!["text"]?.GetValue<string>()).ToList();

        Assert.True(bytes < 28 * 1024, $"{bytes} bytes");
        Assert.Equal(10, Body(message).Count(n => n!["type"]!.GetValue<string>() == "Container"));
        // The ten shown cost 5000 down to 4991; the 4,990 others 4990 down to 1: 4990 × 4991 / 2.
        Assert.Contains("…and 4,990 more (EUR 12,452,545.00 per year): see the dashboard.", texts);
        Assert.Empty(AdaptiveCardCheck.Problems(message));
    }

    [Fact]
    public void RunAlert_HugeTexts_AreClippedAndTheCardFits()
    {
        var findings = Enumerable.Range(0, 10).Select(i => F($"f{i}", 100 - i, subject: new string('x', 5000)) with
        {
            Evidence = Enumerable.Range(0, 3).ToDictionary(k => $"lastActivity{(k == 0 ? string.Empty : k)}", _ => new string('y', 5000)),
        }).ToList();

        var message = TeamsCards.RunAlert(new RunAlert("run-2", TestData.RunAt, TwoCurrencies, AlertFindings.Of(findings), 10, [], null, 30));

        Assert.True(Encoding.UTF8.GetByteCount(TeamsCards.Serialize(message)) <= TeamsCards.MaxBytes);
        Assert.Equal(10, Body(message).Count(n => n!["type"]!.GetValue<string>() == "Container"));
        Assert.All(Body(message).Where(n => n!["type"]!.GetValue<string>() == "Container").SelectMany(n => n!["items"]!.AsArray()),
            t => Assert.True(t!["text"]!.GetValue<string>().Length <= 300));
    }

    [Fact]
    public void Digest_Card_ChangeSinceLastWeek_AndStructure()
    {
        var digest = new WeeklyDigest(TestData.RunAt, TwoCurrencies,
            [new TypeTotal(FindingTypes.InactiveSeat, "EUR", 12, 7884m), new TypeTotal(FindingTypes.DisabledSeat, "EUR", 3, 1971m), new TypeTotal(FindingTypes.UncontractedProduct, "USD", 2, 0m)],
            [F("f1", 657m)], [], NewThisWeek: 4, ResolvedThisWeek: 2,
            WasteNow: new Dictionary<string, decimal> { ["EUR"] = 9855m }, WasteWeekAgo: new Dictionary<string, decimal> { ["EUR"] = 10512m }, DashboardUrl: null, RenewalWindowDays: 90);

        var message = TeamsCards.Digest(digest);
        var body = Body(message);
        var change = Facts(body[3]!);
        var headlines = Facts(body[5]!);
        var byType = body[7]!["facts"]!.AsArray();

        Assert.Equal("17 open findings · EUR 21,204.00 · USD 240.00 potential savings at renewal · 2026-06-15", body[1]!["text"]!.GetValue<string>());
        Assert.Equal("4", change["New findings"]);
        Assert.Equal("2", change["Resolved"]);
        Assert.Equal("EUR 9,855.00 (−EUR 657.00 since last week)", change["Unused now"]);
        Assert.Equal(Facts(Body(TeamsCards.RunAlert(new RunAlert("r", TestData.RunAt, TwoCurrencies, AlertFindings.Of([]), 0, [], null, 30)))[2]!).Where(f => f.Key != "Open findings"), headlines);
        Assert.Equal("inactive-seat (savings)", byType[0]!["title"]!.GetValue<string>());
        Assert.Equal("12 · EUR 7,884.00", byType[0]!["value"]!.GetValue<string>());
        // A type without money shows its count, not "USD 0.00".
        Assert.Equal("uncontracted-product (exposure)", byType[2]!["title"]!.GetValue<string>());
        Assert.Equal("2", byType[2]!["value"]!.GetValue<string>());
        Assert.Empty(AdaptiveCardCheck.Problems(message));
    }

    [Fact]
    public void Events_OpenedResolvedAndRunCompleted_WithDeterministicIds()
    {
        var runAt = TestData.RunAt;
        var ledger = new[]
        {
            E(F("new", 10m)) with { FirstSeenAt = runAt, LastRunId = "run-2" },
            E(F("old", 10m)) with { FirstSeenAt = runAt.AddDays(-7), LastRunId = "run-2" },
            E(F("fixed", 10m), FindingStatus.Resolved) with { ResolvedAt = runAt, LastRunId = "run-1" },
            E(F("long-fixed", 10m), FindingStatus.Resolved) with { ResolvedAt = runAt.AddDays(-7), LastRunId = "run-0" },
        };
        var facts = new RunCompletedFacts("run-2", "completed", runAt, runAt.AddMinutes(1), 2, 1, 1,
            new Dictionary<string, decimal> { ["EUR"] = 100m }, new Dictionary<string, decimal>(), new Dictionary<string, decimal>());

        var messages = IntegrationEvents.ForRun("contoso", facts, ledger);
        var again = IntegrationEvents.ForRun("contoso", facts, ledger);

        Assert.Equal(["new:finding.opened:run-2", "fixed:finding.resolved:run-2", "run-2:run.completed:run-2"], messages.Select(m => m.MessageId).Order(StringComparer.Ordinal).Reverse().OrderBy(id => id.Contains("run.completed", StringComparison.Ordinal)).ThenBy(id => id.Contains("resolved", StringComparison.Ordinal)));
        Assert.Equal(messages, again);
        var opened = JsonNode.Parse(messages.Single(m => m.Subject == IntegrationEvents.FindingOpened).Body)!;
        Assert.Equal("finding.opened", opened["type"]!.GetValue<string>());
        Assert.Equal("contoso", opened["tenant"]!.GetValue<string>());
        Assert.Equal("new", opened["finding"]!["id"]!.GetValue<string>());
        Assert.Equal(10m, opened["finding"]!["annualCost"]!.GetValue<decimal>());
        var completed = JsonNode.Parse(messages.Single(m => m.Subject == IntegrationEvents.RunCompleted).Body)!;
        Assert.Equal("completed", completed["run"]!["status"]!.GetValue<string>());
        Assert.Equal(100m, completed["run"]!["annualCost"]!["EUR"]!.GetValue<decimal>());
    }

    [Fact]
    public void MessageId_LongerThan128_IsHashed()
    {
        var id = IntegrationEvents.MessageId("finding.opened", new string('a', 32), "sync-" + new string('t', 90) + "-20261126");

        Assert.Equal(64, id.Length);
        Assert.Equal(id, IntegrationEvents.MessageId("finding.opened", new string('a', 32), "sync-" + new string('t', 90) + "-20261126"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void AlertFindings_GatheredInAnyOrder_KeepWhatTheSortedListWouldShow(int seed)
    {
        // Ties in cost on purpose (the id decides), three currencies, and every kind: what the card shows from the
        // gathered findings must be what it showed from every new finding sorted (AlertSelection's order).
        var random = new Random(seed);
        string[] types = [FindingTypes.InactiveSeat, FindingTypes.UnassignedSeats, FindingTypes.RenewalDue, FindingTypes.OverAssigned, FindingTypes.DormantApp];
        string[] currencies = ["EUR", "USD", "GBP"];
        var all = Enumerable.Range(0, 300).Select(i => F($"f{random.Next(100_000):00000}-{i}", random.Next(0, 40) * 25m, types[random.Next(types.Length)], currency: currencies[random.Next(3)])).ToList();
        var sorted = all.Order(AlertSelection.Order).ToList();
        var savings = sorted.Where(f => f.MoneyKind == Money.MoneyKinds.Savings).ToList();
        var review = sorted.Where(f => f.MoneyKind == Money.MoneyKinds.Review).ToList();

        var gathered = AlertFindings.Of(all.OrderBy(_ => random.Next()));

        Assert.Equal(300, gathered.Count);
        Assert.Equal(savings.Count, gathered.SavingsCount);
        Assert.Equal(review.Count, gathered.ReviewCount);
        Assert.Equal(savings.Take(TeamsCards.TopFindings).Select(f => f.Id), gathered.TopSavings.Select(f => f.Id));
        Assert.Equal(review.Take(TeamsCards.MaxReviewShown).Select(f => f.Id), gathered.TopReview.Select(f => f.Id));
        for (var shown = 0; shown <= TeamsCards.TopFindings; shown++)
        {
            var expected = savings.Skip(shown).GroupBy(f => f.Currency).ToDictionary(g => g.Key, g => g.Sum(f => f.AnnualCost));
            Assert.Equal(expected.OrderBy(e => e.Key), gathered.SavingsAfter(shown).ToDictionary(r => r.Currency, r => r.Amount).OrderBy(e => e.Key));
        }
    }
}

