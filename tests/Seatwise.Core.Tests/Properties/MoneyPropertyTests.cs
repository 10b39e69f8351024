using System.Text.Json.Nodes;
using Seatwise.Core.Alerts;
using Seatwise.Core.Apps;
using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Money;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Properties;

/// <summary>
/// Money that adds up, over 1,000 generated registers and tenants (over-assigned, zero-seat, monthly, annual,
/// several currencies, apps shared across categories): no contract's waste or savings above its cost, no
/// headline above the spend of its currency, and the card and digest show exactly the headline values.
/// </summary>
public sealed class MoneyPropertyTests
{
    private const int Registers = 1000;
    private static readonly string[] Keys = ["SPE_E3", "SPE_E5", "VISIO", "PBI"];
    private static readonly string[] Currencies = ["EUR", "USD", "GBP"];

    // Apps whose catalog vendors are Adobe, Salesforce, HubSpot, Zoom, Webex: Adobe sits in two categories.
    private static readonly App[] AppPool =
    [
        new("a1", "Adobe Creative Cloud"), new("a2", "Adobe Acrobat Sign"), new("a3", "DocuSign"), new("a4", "Figma"),
        new("s1", "Salesforce"), new("s2", "HubSpot"), new("z1", "Zoom"), new("z2", "Cisco Webex Meetings"),
    ];

    private static readonly string[] AppVendors = ["Adobe", "Salesforce", "HubSpot", "Zoom", "DocuSign", "Figma"];

    private sealed record Generated(List<Contract> Contracts, List<AccountSeats> Seats, List<App> Apps);

    private static Generated Generate(int seed)
    {
        var random = new Random(seed);
        var contracts = new List<Contract>();
        for (var i = 0; i < random.Next(1, 7); i++)
        {
            var key = Keys[random.Next(Keys.Length)];
            contracts.Add(Contract(
                id: $"c{i}",
                productKeys: [key],
                seats: random.Next(5) == 0 ? 0 : random.Next(0, 40),
                unitPrice: random.Next(0, 20000) / 100m,
                billing: random.Next(2) == 0 ? BillingPeriod.Monthly : BillingPeriod.Annual,
                currency: Currencies[random.Next(Currencies.Length)],
                renewalDate: DateOnly.FromDateTime(RunAt.AddDays(random.Next(-30, 200)).Date),
                noticeDays: random.Next(0, 120),
                headroomPercent: random.Next(0, 30),
                vendor: random.Next(3) == 0 ? AppVendors[random.Next(AppVendors.Length)] : "Microsoft"));
        }

        // Up to 120 holders for at most 40 seats each: many contracts end up over-assigned.
        var seats = Enumerable.Range(0, random.Next(0, 120)).Select(i => Holding(
            Account($"u{i}", random.Next(5) == 0 ? null : random.NextDouble() * 300, enabled: random.Next(8) > 0, createdDaysAgo: random.NextDouble() * 400),
            [.. Keys.Where(_ => random.Next(3) == 0)])).ToList();
        var apps = AppPool.Where(_ => random.Next(2) == 0).ToList();
        return new Generated(contracts, seats, apps);
    }

    private static (IReadOnlyList<Position> Positions, List<Finding> ContractFindings, List<Finding> All) Run(Generated g)
    {
        var products = new[] { new Product("graph", "SPE_E3", ServicePlans: ["A", "B"], EnabledUnits: 40), new Product("graph", "SPE_E5", ServicePlans: ["A", "B", "C"], EnabledUnits: 30) };
        var result = ReconcileBothSteps(new ReconcileInput { TenantId = Tenant, RunAt = RunAt, Contracts = g.Contracts, Products = products }, g.Seats);
        var positions = result.Positions.ToDictionary(p => p.ContractId, StringComparer.Ordinal);
        var apps = AppRules.Evaluate(Tenant, g.Apps, AppCatalog.Default, g.Contracts, positions, new RulesOptions(), RunAt);
        return (result.Positions, [.. result.Findings.Where(f => f.Step == RunSteps.Contract)], [.. result.Findings, .. apps.Findings]);
    }

    [Fact]
    public void EveryContract_WasteAndSavingsNeverAboveItsCost_AndItsSavingsFindingsNeverAboveItsWaste()
    {
        for (var seed = 1; seed <= Registers; seed++)
        {
            var (positions, contractFindings, _) = Run(Generate(seed));

            foreach (var p in positions)
            {
                Assert.True(p.AnnualWaste >= 0 && p.AnnualWaste <= p.AnnualCost, $"seed {seed}, {p.ContractId}: waste {p.AnnualWaste} of cost {p.AnnualCost}");
                Assert.True(p.PotentialSavings >= 0 && p.PotentialSavings <= p.AnnualCost, $"seed {seed}, {p.ContractId}: savings {p.PotentialSavings} of cost {p.AnnualCost}");
                Assert.True(p.TrueUpExposure >= 0, $"seed {seed}");
                var claimed = contractFindings.Where(f => f.ContractId == p.ContractId && f.MoneyKind == MoneyKinds.Savings).Sum(f => f.AnnualCost);
                Assert.True(claimed <= p.AnnualWaste, $"seed {seed}, {p.ContractId}: savings findings claim {claimed} of waste {p.AnnualWaste}");
            }
        }
    }

    [Fact]
    public void EveryCurrency_HeadlinesNeverAboveItsSpend_AndNoneMixesCurrencies()
    {
        for (var seed = 1; seed <= Registers; seed++)
        {
            var (positions, _, all) = Run(Generate(seed));

            var headlines = Headlines.Compute(positions, all);

            Assert.Equal(positions.Select(p => p.Currency).Distinct().Order(StringComparer.Ordinal), headlines.Select(h => h.Currency));
            foreach (var h in headlines)
            {
                var spend = positions.Where(p => p.Currency == h.Currency).Sum(p => p.AnnualCost);
                Assert.Equal(spend, h.AnnualSpend);
                Assert.True(h.UnusedNow <= spend, $"seed {seed} {h.Currency}: unused {h.UnusedNow} of {spend}");
                Assert.True(h.PotentialSavings <= spend, $"seed {seed} {h.Currency}: savings {h.PotentialSavings} of {spend}");
                Assert.True(h.SpendUnderReview <= spend, $"seed {seed} {h.Currency}: under review {h.SpendUnderReview} of {spend}");
                Assert.True(h.ContractsUnderReview <= positions.Count(p => p.Currency == h.Currency), $"seed {seed}");
            }
        }
    }

    [Fact]
    public void CardAndDigest_ShowExactlyTheHeadlineValues()
    {
        for (var seed = 1; seed <= Registers; seed += 10)
        {
            var (positions, _, all) = Run(Generate(seed));
            var headlines = Headlines.Compute(positions, all);
            var expected = new Dictionary<string, string>
            {
                ["Annual spend"] = Values(headlines, h => h.AnnualSpend),
                ["Unused now"] = Values(headlines, h => h.UnusedNow),
                ["Potential savings at renewal"] = Values(headlines, h => h.PotentialSavings),
                ["True-up exposure"] = Values(headlines, h => h.TrueUpExposure),
                ["Spend under review"] = Values(headlines, h => h.SpendUnderReview),
            };

            var card = TeamsCards.RunAlert(new RunAlert("run", RunAt, headlines, AlertFindings.Of(all), all.Count, [], null, 30));
            var digest = TeamsCards.Digest(new WeeklyDigest(RunAt, headlines, [], [], [], 0, 0, new Dictionary<string, decimal>(), null, null, 90));

            Assert.Equal(expected, HeadlineFacts(card));
            Assert.Equal(expected, HeadlineFacts(digest));
        }
    }

    /// <summary>The amounts of one headline per currency, as a person would read them off the summary API.</summary>
    private static string Values(IReadOnlyList<CurrencyHeadlines> headlines, Func<CurrencyHeadlines, decimal> value) =>
        headlines.Count == 0 ? "no run yet" : string.Join(" · ", headlines.Select(h => $"{h.Currency} {Math.Round(value(h), 2):N2}"));

    private static Dictionary<string, string> HeadlineFacts(JsonObject message)
    {
        var body = message["attachments"]![0]!["content"]!["body"]!.AsArray();
        var titles = new HashSet<string>(StringComparer.Ordinal) { "Annual spend", "Unused now", "Potential savings at renewal", "True-up exposure", "Spend under review" };
        var set = body.First(n => n!["type"]!.GetValue<string>() == "FactSet" && n["facts"]!.AsArray().Any(f => f!["title"]!.GetValue<string>() == "Annual spend"))!;
        return set["facts"]!.AsArray().Where(f => titles.Contains(f!["title"]!.GetValue<string>()))
            .ToDictionary(f => f!["title"]!.GetValue<string>(), f => f!["value"]!.GetValue<string>());
    }
}
