using Seatwise.Core.Contracts;
using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Money;
using Seatwise.Core.Reconciliation;
using Seatwise.Core.Reporting;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Reconciliation;

public sealed class ReconcilerTests
{
    private sealed class ListSink : ISeatLineSink
    {
        public List<SeatLine> Lines { get; } = [];

        public void Add(SeatLine line) => Lines.Add(line);
    }

    private static readonly Product E3 = new("graph", "SPE_E3", "Microsoft 365 E3", 20, 0, ["EXCHANGE", "SHAREPOINT", "TEAMS"]);
    private static readonly Product E5 = new("graph", "SPE_E5", "Microsoft 365 E5", 10, 0, ["EXCHANGE", "SHAREPOINT", "TEAMS", "DEFENDER", "PHONE"]);

    private static ReconcileResult Run(IReadOnlyList<Contract> contracts, IEnumerable<AccountSeats> seats, RulesOptions? rules = null,
        EntraDirectory? entra = null, ISeatLineSink? sink = null, IReadOnlyList<Product>? products = null, DateTimeOffset? runAt = null, IReadOnlySet<string>? unknown = null)
    {
        return ReconcileBothSteps(new ReconcileInput
        {
            TenantId = Tenant,
            RunAt = runAt ?? RunAt,
            Rules = rules ?? new RulesOptions(),
            Contracts = contracts,
            Products = products ?? [E3, E5],
            Entra = entra,
            ActivityUnknownSources = unknown ?? new HashSet<string>(),
        }, seats, sink);
    }

    [Fact]
    public void SmallTenant_PositionAndFindings_MatchHandComputation()
    {
        // E5 contract: 10 seats at 57/month (684/year). Holders: 3 active, 1 inactive (120 days), 1 disabled, 1 new.
        var contract = Contract(seats: 10, unitPrice: 57m);
        var seats = new[]
        {
            Holding(Account("a1", 1), "SPE_E5"),
            Holding(Account("a2", 10), "SPE_E5"),
            Holding(Account("a3", 89), "SPE_E5"),
            Holding(Account("i1", 120), "SPE_E5"),
            Holding(Account("d1", 1, enabled: false), "SPE_E5"),
            Holding(Account("n1", null, createdDaysAgo: 5), "SPE_E5"),
        };
        var sink = new ListSink();

        var result = Run([contract], seats, sink: sink);

        var p = Assert.Single(result.Positions);
        Assert.Equal(new SeatCounts(Active: 3, New: 1, Inactive: 1, Disabled: 1, Unknown: 0), p.Counts);
        Assert.Equal(4, p.Unassigned);               // 10 − 6
        Assert.Equal(2, p.Reclaimable);              // 1 inactive + 1 disabled
        Assert.Equal(5, p.RecommendedSeats);         // ceil(4 × 1.05) = ceil(4.2)
        Assert.Equal(4104m, p.AnnualWaste);          // (4 + 2) × 684
        Assert.Equal(3420m, p.PotentialSavings);     // (10 − 5) × 684
        Assert.Equal(6, sink.Lines.Count);
        Assert.Equal(
            [(FindingTypes.DisabledSeat, 684m), (FindingTypes.InactiveSeat, 684m), (FindingTypes.UnassignedSeats, 2736m)],
            result.Findings.Select(f => (f.Type, f.AnnualCost)).Order().ToList());   // unassigned: 4 × 684
    }

    [Fact]
    public void InactiveSeatFinding_CarriesEvidence()
    {
        var result = Run([Contract()], [Holding(Account("ivan", 120), "SPE_E5")]);

        var finding = Assert.Single(result.Findings, f => f.Type == FindingTypes.InactiveSeat);
        Assert.Equal("m365-e5", finding.ContractId);
        Assert.Equal("ivan@contoso.com|SPE_E5", finding.SubjectKey);
        Assert.Equal("ivan <ivan@contoso.com>", finding.Subject);
        Assert.Equal("2026-02-15T12:00:00Z", finding.Evidence["lastActivity"]);   // 120 days before 2026-06-15
        Assert.Equal("true", finding.Evidence["accountEnabled"]);
        Assert.Equal("SPE_E5", finding.Evidence["assignedProducts"]);
        Assert.Equal(Finding.ComputeId(Tenant, "inactive-seat", "m365-e5", "ivan@contoso.com|SPE_E5"), finding.Id);
    }

    [Fact]
    public void ContractInactivityOverride_AppliesToItsSeatsOnly()
    {
        // 45 days idle: inactive under the contract's 30-day override, active under the default 90.
        var strict = Contract(id: "strict", productKeys: ["SPE_E5"], inactivityDays: 30);
        var loose = Contract(id: "loose", productKeys: ["SPE_E3"]);

        var result = Run([strict, loose], [Holding(Account("ann", 45), "SPE_E5", "SPE_E3")]);

        Assert.Equal(1, result.Positions.Single(p => p.ContractId == "strict").Counts.Inactive);
        Assert.Equal(1, result.Positions.Single(p => p.ContractId == "loose").Counts.Active);
    }

    [Fact]
    public void OverAssigned_RaisesTrueUpExposure()
    {
        // 2 entitled, 3 assigned active, 100/year: over by 1 → 100 exposure.
        var result = Run([Contract(seats: 2, unitPrice: 100m, billing: BillingPeriod.Annual)],
            [Holding(Account("a"), "SPE_E5"), Holding(Account("b"), "SPE_E5"), Holding(Account("c"), "SPE_E5")]);

        var finding = Assert.Single(result.Findings);
        Assert.Equal(FindingTypes.OverAssigned, finding.Type);
        Assert.Equal(100m, finding.AnnualCost);
        Assert.Equal("1", finding.Evidence["overAssigned"]);
    }

    [Theory]
    [InlineData("2026-08-14", 60, true)]    // notice date 2026-08-14 = today + 60: inside
    [InlineData("2026-08-15", 0, false)]    // notice date today + 61
    [InlineData("2026-10-14", 60, false)]   // notice date 2026-08-15 = today + 61
    [InlineData("2026-06-15", 0, true)]     // renewal (and notice) today
    [InlineData("2026-06-14", 0, false)]    // renewal passed
    [InlineData("2026-07-15", 90, true)]    // notice date 2026-04-16 passed, renewal still ahead
    [InlineData("2026-10-13", 60, true)]    // notice date 2026-08-14
    public void RenewalDue_NoticeDateWithinLookahead(string renewal, int noticeDays, bool due)
    {
        // Run date 2026-06-15, look-ahead 60 days → window ends 2026-08-14.
        var contract = Contract(billing: BillingPeriod.Annual, renewalDate: DateOnly.Parse(renewal), noticeDays: noticeDays, seats: 0);

        Assert.Equal(due, Renewals.IsDue(contract, RunAt, 60));
    }

    [Fact]
    public void RenewalDue_MonthToMonthNeverRaises()
    {
        var contract = Contract(billing: BillingPeriod.Monthly, renewalDate: new DateOnly(2026, 7, 1), noticeDays: 30);

        Assert.False(Renewals.IsDue(contract, RunAt, 60));
    }

    [Fact]
    public void RenewalDue_MonthlyBilledTwelveMonthTerm_Raises()
    {
        var contract = Contract(billing: BillingPeriod.Monthly, renewalDate: new DateOnly(2026, 7, 1), noticeDays: 30,
            termStart: new DateOnly(2025, 7, 1), termEnd: new DateOnly(2026, 6, 30));

        Assert.True(Renewals.IsDue(contract, RunAt, 60));
    }

    [Fact]
    public void RenewalDue_MoneyIsTheSpendUnderReview_SavingsInEvidence()
    {
        // 10 seats at 300/year, 4 active: spend 10 × 300 = 3000 to decide about; recommended ceil(4.2) = 5,
        // so cutting to 5 saves (10 − 5) × 300 = 1500 (evidence, and the position's potential savings).
        var contract = Contract(seats: 10, unitPrice: 300m, billing: BillingPeriod.Annual, renewalDate: new DateOnly(2026, 7, 1), noticeDays: 30);
        var seats = Enumerable.Range(1, 4).Select(i => Holding(Account($"u{i}"), "SPE_E5"));

        var result = Run([contract], seats);

        var renewal = Assert.Single(result.Findings, f => f.Type == FindingTypes.RenewalDue);
        Assert.Equal(3000m, renewal.AnnualCost);
        Assert.Equal(MoneyKinds.Review, renewal.MoneyKind);
        Assert.Equal("1500", renewal.Evidence["potentialSavings"]);
        Assert.Equal("2026-06-01", renewal.Evidence["noticeDate"]);
    }

    [Fact]
    public void OverAssigned_SeatFindingsShareTheWaste_TheRestCarryZeroAndSaySo()
    {
        // 3 seats at 100/year held by 5 people: 1 active, 1 disabled, 3 inactive. used = 1, waste (3 − 1) × 100 = 200.
        // Disabled first (100), then the longest idle inactive seat (100); the other two inactive claim 0.
        // Over-assigned by 2: exposure 2 × 100 = 200.
        var contract = Contract(seats: 3, unitPrice: 100m, billing: BillingPeriod.Annual);
        var seats = new[]
        {
            Holding(Account("active", 1), "SPE_E5"),
            Holding(Account("gone", 1, enabled: false), "SPE_E5"),
            Holding(Account("idle200", 200), "SPE_E5"),
            Holding(Account("idle300", 300), "SPE_E5"),
            Holding(Account("idle100", 100), "SPE_E5"),
        };

        var result = Run([contract], seats);

        var savings = result.Findings.Where(f => f.MoneyKind == MoneyKinds.Savings).ToDictionary(f => f.Subject.Split(' ')[0], f => f.AnnualCost);
        Assert.Equal(100m, savings["gone"]);
        Assert.Equal(100m, savings["idle300"]);
        Assert.Equal(0m, savings["idle200"]);
        Assert.Equal(0m, savings["idle100"]);
        Assert.Equal(result.Positions[0].AnnualWaste, savings.Values.Sum());
        var over = Assert.Single(result.Findings, f => f.Type == FindingTypes.OverAssigned);
        Assert.Equal(200m, over.AnnualCost);
        Assert.Equal(MoneyKinds.Exposure, over.MoneyKind);
        Assert.Contains("true-up", result.Findings.Single(f => f.Subject.StartsWith("idle100", StringComparison.Ordinal)).Evidence["moneyNote"], StringComparison.Ordinal);
    }

    [Fact]
    public void Steps_EachRaisesOnlyItsOwnTypes_AndRecordsItself()
    {
        // E3 + E5 held together (redundant E3), a Visio seat no contract covers (uncontracted), an inactive E5.
        var e3 = Contract(id: "m365-e3", productKeys: ["SPE_E3"], seats: 20, unitPrice: 36m);
        var e5 = Contract(id: "m365-e5", productKeys: ["SPE_E5"], seats: 10, unitPrice: 57m);
        var seats = new[] { Holding(Account("ann"), "SPE_E3", "SPE_E5"), Holding(Account("bob", 200), "SPE_E5", "VISIOCLIENT") };
        var contractStep = new ContractReconciler(new ReconcileInput { TenantId = Tenant, RunAt = RunAt, Contracts = [e3, e5], Products = [E3, E5] });
        var tenantStep = new TenantSeatRules(new TenantSeatInput { TenantId = Tenant, Contracts = [e3, e5], Products = [E3, E5] });

        contractStep.AddRange(seats);
        tenantStep.AddRange(seats);
        var contractFindings = contractStep.Complete().Findings;
        var tenantFindings = tenantStep.Complete();

        Assert.Contains(contractFindings, f => f.Type == FindingTypes.InactiveSeat);
        Assert.DoesNotContain(contractFindings, f => f.Type is FindingTypes.RedundantLicense or FindingTypes.UncontractedProduct);
        Assert.All(contractFindings, f => Assert.Equal(RunSteps.Contract, f.Step));
        Assert.Equal([FindingTypes.RedundantLicense, FindingTypes.UncontractedProduct], tenantFindings.Select(f => f.Type).Order(StringComparer.Ordinal));
        Assert.All(tenantFindings, f => Assert.Equal(RunSteps.Tenant, f.Step));
    }

    [Theory]
    [InlineData(FindingTypes.InactiveSeat, RunSteps.Contract)]
    [InlineData(FindingTypes.RenewalDue, RunSteps.Contract)]
    [InlineData(FindingTypes.UncontractedProduct, RunSteps.Tenant)]
    [InlineData(FindingTypes.RedundantLicense, RunSteps.Tenant)]
    [InlineData(FindingTypes.OverlappingApps, RunSteps.Apps)]
    public void RunStepsOf_LedgerRowWithoutStep_ReadsTheStepThatRaisesItsType(string type, string step)
    {
        var legacy = new Finding { Id = "x", Type = type, ContractId = "", SubjectKey = "s", Subject = "s", AnnualCost = 0, Currency = "EUR", Sources = [], Evidence = new Dictionary<string, string>() };

        Assert.Equal(step, RunSteps.Of(legacy));
        Assert.Equal(RunSteps.Apps, RunSteps.Of(legacy with { Step = RunSteps.Apps }));
    }

    [Fact]
    public void RedundantLicense_UnrelatedPlans_NotFlagged()
    {
        var visio = new Product("graph", "VISIOCLIENT", "Visio", 5, 0, ["VISIO"]);

        var result = Run([Contract()], [Holding(Account("ann"), "SPE_E5", "VISIOCLIENT")], products: [E5, visio]);

        Assert.DoesNotContain(result.Findings, f => f.Type == FindingTypes.RedundantLicense);
    }

    [Fact]
    public void UncontractedProduct_OneFindingPerProductWithSeatCount()
    {
        var result = Run([Contract()], [Holding(Account("a"), "VISIOCLIENT"), Holding(Account("b"), "VISIOCLIENT"), Holding(Account("c"), "POWER_BI_PRO")]);

        var findings = result.Findings.Where(f => f.Type == FindingTypes.UncontractedProduct).OrderBy(f => f.ProductKey).ToList();
        Assert.Equal(["POWER_BI_PRO", "VISIOCLIENT"], findings.Select(f => f.ProductKey));
        Assert.Equal("2", findings[1].Evidence["assignedSeats"]);
        Assert.All(findings, f => Assert.Equal(0m, f.AnnualCost));
    }

    [Fact]
    public void UncontractedProduct_SubjectNamesTheProductOnce()
    {
        // Vendors whose product name is its key (a Salesforce licence) must not read "Salesforce Platform (Salesforce Platform)".
        var products = new[] { new Product("salesforce", "Salesforce Platform", "Salesforce Platform"), new Product("github", "copilot_business", "GitHub Copilot") };

        var result = Run([], [Holding(Account("a", source: "salesforce"), "Salesforce Platform"), Holding(Account("b", source: "github"), "copilot_business")], products: products);

        Assert.Equal(["GitHub Copilot (copilot_business)", "Salesforce Platform"],
            result.Findings.Where(f => f.Type == FindingTypes.UncontractedProduct).Select(f => f.Subject).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void IgnoredProducts_InventoriedButRaiseNoFindings()
    {
        var rules = new RulesOptions { IgnoredProducts = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "FLOW_FREE", "spe_e5" } };

        var result = Run([Contract(seats: 10)], [Holding(Account("ivan", 200), "SPE_E5", "FLOW_FREE")], rules);

        Assert.Empty(result.Findings);
        Assert.Equal(1, result.Positions.Single().Counts.Inactive);
    }

    [Fact]
    public void ExcludedContract_ShownInPositionsButRaisesNoFindings()
    {
        var result = Run([Contract(seats: 10, excludeFromFindings: true)], [Holding(Account("ivan", 200), "SPE_E5")]);

        Assert.Empty(result.Findings);
        Assert.Equal(9, result.Positions.Single().Unassigned);
    }

    [Fact]
    public void OrphanedSeat_VendorSeatOfDisabledOrMissingEntraAccount()
    {
        // Slack: 3 seats at 8.75/month (105/year). ann is enabled in Entra, bob is disabled there, cy has no Entra account.
        var slack = Contract(id: "slack", source: "slack", productKeys: ["business_plus"], seats: 3, unitPrice: 8.75m, vendor: "Slack");
        var entra = new EntraDirectory();
        entra.Add("ann@contoso.com", "ann", true);
        entra.Add("bob@contoso.com", "bob", false);
        var seats = new[] { "ann", "bob", "cy" }.Select(n => Holding(Account(n, 200, source: "slack"), "business_plus"));

        var result = Run([slack], seats, entra: entra);

        var orphans = result.Findings.Where(f => f.Type == FindingTypes.OrphanedSeat).OrderBy(f => f.SubjectKey).ToList();
        Assert.Equal(["bob@contoso.com|business_plus", "cy@contoso.com|business_plus"], orphans.Select(f => f.SubjectKey));
        Assert.Equal(["disabled", "none"], orphans.Select(f => f.Evidence["entraAccount"]));
        Assert.All(orphans, f => Assert.Equal(105m, f.AnnualCost));
        Assert.All(orphans, f => Assert.Contains("graph", f.Sources));
        // ann is enabled in Entra but idle in Slack: an inactive seat, not an orphan; bob and cy are not counted twice.
        Assert.Single(result.Findings, f => f.Type == FindingTypes.InactiveSeat);
    }

    [Fact]
    public void OrphanedSeat_NotRaisedWithoutEntraDirectory()
    {
        var slack = Contract(id: "slack", source: "slack", productKeys: ["business_plus"], seats: 1, vendor: "Slack");

        var result = Run([slack], [Holding(Account("cy", 1, source: "slack"), "business_plus")], entra: null);

        Assert.DoesNotContain(result.Findings, f => f.Type == FindingTypes.OrphanedSeat);
    }

    [Fact]
    public void SourceWithoutActivityData_SeatsUnknownAndNoInactiveFindings()
    {
        var result = Run([Contract(seats: 2)], [Holding(Account("a", null), "SPE_E5"), Holding(Account("b", null), "SPE_E5")],
            unknown: new HashSet<string> { "graph" });

        Assert.Equal(2, result.Positions.Single().Counts.Unknown);
        Assert.Empty(result.Findings);
    }

    [Fact]
    public void EmptyTenant_EveryContractHasAPositionAndUnassignedFinding()
    {
        var result = Run([Contract(id: "a", seats: 5), Contract(id: "b", seats: 0, productKeys: ["X"])], []);

        Assert.Equal(["a", "b"], result.Positions.Select(p => p.ContractId));
        Assert.Single(result.Findings);
        Assert.Equal(FindingTypes.UnassignedSeats, result.Findings[0].Type);
    }

    [Fact]
    public void ProductKeyMatch_IsCaseInsensitive()
    {
        var result = Run([Contract(productKeys: ["spe_e5"])], [Holding(Account("a"), "SPE_E5")]);

        Assert.Equal(1, result.Positions.Single().Assigned);
    }

    [Fact]
    public void DuplicateSeatInInput_RaisesOneFinding()
    {
        var ivan = Account("ivan", 200);

        var result = Run([Contract(seats: 2)], [Holding(ivan, "SPE_E5"), Holding(ivan, "SPE_E5")]);

        Assert.Single(result.Findings, f => f.Type == FindingTypes.InactiveSeat);
    }

    [Fact]
    public void PerProductActivity_JudgesEachSeatOnItsOwn_AndMembershipWithoutActivityIsUnknown()
    {
        // One Atlassian account (activity only per product, as the atlassian source writes it): Jira used 10 days ago,
        // Confluence never opened. One GitHub member whose membership has no activity but whose Copilot was used 200 days ago.
        var jira = Contract(id: "jira", source: "atlassian", productKeys: ["jira-software"], seats: 5, vendor: "Atlassian");
        var confluence = Contract(id: "confluence", source: "atlassian", productKeys: ["confluence"], seats: 5, vendor: "Atlassian");
        var members = Contract(id: "github", source: "github", productKeys: ["enterprise"], seats: 5, vendor: "GitHub");
        var copilot = Contract(id: "copilot", source: "github", productKeys: ["copilot_business"], seats: 5, vendor: "GitHub");
        var ann = Account("ann", daysAgo: null, source: "atlassian");
        var bob = Account("bob", daysAgo: null, source: "github");
        var lines = new ListSink();

        var result = Run([jira, confluence, members, copilot],
        [
            new AccountSeats(ann, [new SeatAssignment("jira-software", LastActiveAt: RunAt.AddDays(-10)), new SeatAssignment("confluence")]),
            new AccountSeats(bob, [new SeatAssignment("enterprise", ActivityUnknown: true), new SeatAssignment("copilot_business", LastActiveAt: RunAt.AddDays(-200))]),
        ], sink: lines);

        Assert.Equal(["inactive", "inactive", "unknown", "active"], lines.Lines.OrderBy(l => l.ContractId, StringComparer.Ordinal).Select(l => l.Status.ToName()));
        Assert.Equal(RunAt.AddDays(-200), lines.Lines.Single(l => l.ContractId == "copilot").LastActivity);
        Assert.Equal(["confluence", "copilot"], result.Findings.Where(f => f.Type == FindingTypes.InactiveSeat).Select(f => f.ContractId).Order(StringComparer.Ordinal));
        Assert.Equal("2025-11-27T12:00:00Z", result.Findings.Single(f => f.ContractId == "copilot" && f.Type == FindingTypes.InactiveSeat).Evidence["lastActivity"]);
    }

    [Fact]
    public async Task AddRangeAsync_StreamsLikeSynchronous()
    {
        var seats = Enumerable.Range(0, 50).Select(i => Holding(Account($"u{i}", i * 5), "SPE_E5")).ToList();
        var sync = Run([Contract(seats: 40)], seats);
        var reconciler = new ContractReconciler(new ReconcileInput { TenantId = Tenant, RunAt = RunAt, Contracts = [Contract(seats: 40)], Products = [E3, E5] });

        await reconciler.AddRangeAsync(ToAsync(seats));
        var streamed = reconciler.Complete();

        Assert.Equal(sync.Positions.Single(), streamed.Positions.Single());
        Assert.Equal(sync.Findings.Select(f => f.Id), streamed.Findings.Select(f => f.Id));
    }

    private static async IAsyncEnumerable<AccountSeats> ToAsync(IEnumerable<AccountSeats> items)
    {
        foreach (var item in items)
        {
            await Task.Yield();
            yield return item;
        }
    }
}
