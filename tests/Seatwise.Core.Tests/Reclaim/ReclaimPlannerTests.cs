using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reclaim;

namespace Seatwise.Core.Tests.Reclaim;

public sealed class ReclaimPlannerTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 8, 0, 0, TimeSpan.Zero);

    private static LedgerEntry Seat(string id, string type = FindingTypes.InactiveSeat, string source = SourceNames.Graph, string product = "SPE_E3",
        int? idleDays = 120, decimal cost = 405, string currency = "EUR", string contract = "m365-e3", FindingStatus status = FindingStatus.Open, string? person = null)
    {
        person ??= id + "@contoso.example";
        return new LedgerEntry
        {
            Finding = new Finding
            {
                Id = id,
                Type = type,
                ContractId = contract,
                SubjectKey = $"{person}|{product}",
                Subject = person,
                ProductKey = product,
                AnnualCost = cost,
                Currency = currency,
                Sources = [source],
                Evidence = new Dictionary<string, string>
                {
                    ["source"] = source,
                    ["accountId"] = "acct-" + id,
                    ["identityKey"] = person,
                    ["productKey"] = product,
                    ["lastActivity"] = EvidenceText.Of(idleDays is { } d ? Now.AddDays(-d) : (DateTimeOffset?)null),
                },
            },
            Status = status,
            FirstSeenAt = Now.AddDays(-30),
            LastSeenAt = Now,
            LastRunId = "run-1",
        };
    }

    private static ReclaimPlan Build(IEnumerable<LedgerEntry> ledger, ReclaimFilter? filter = null, ReclaimRules? rules = null, IReadOnlyList<ReclaimKeep>? kept = null) =>
        ReclaimPlanner.Build("t", ledger, filter ?? new ReclaimFilter(), rules ?? new ReclaimRules(), Now, kept);

    [Fact]
    public void TakesOpenSavingsSeatFindings_IdleLongestFirst_WithTheActionOfTheirSource()
    {
        var plan = Build(
        [
            Seat("a", idleDays: 100),
            Seat("b", idleDays: null),                         // never used: first
            Seat("c", FindingTypes.DisabledSeat, idleDays: 300),
            Seat("d", source: SourceNames.Zoom, product: "licensed", idleDays: 200),
            Seat("e", status: FindingStatus.Acknowledged),     // a person decided to keep it
            Seat("f", FindingTypes.UnassignedSeats),           // no person's seat
            Seat("g", FindingTypes.RenewalDue),
        ]);

        Assert.Equal(["b", "c", "d", "a"], plan.Items.Select(i => i.FindingId));
        Assert.Equal([ReclaimActions.RemoveLicense, ReclaimActions.RemoveLicense, ReclaimActions.DowngradeToBasic, ReclaimActions.RemoveLicense], plan.Items.Select(i => i.Action));
        Assert.All(plan.Items, i => Assert.Equal(ReclaimItemStatus.Planned, i.Status));
        Assert.Equal("acct-d", plan.Items[2].AccountId);
        Assert.Equal(ReclaimPlanStatus.Draft, plan.Status);
        Assert.Equal(Now.AddDays(7), plan.ExpiresAt);
        Assert.Equal(4, plan.PlannedSeats);
        Assert.Equal(4 * 405m, plan.Savings["EUR"]);
    }

    [Fact]
    public void TheFilter_SelectsByContractTypeAndDaysIdle()
    {
        var ledger = new[]
        {
            Seat("a", idleDays: 100), Seat("b", idleDays: 95), Seat("c", idleDays: null),
            Seat("d", FindingTypes.OrphanedSeat, SourceNames.Slack, "billable", 400, contract: "slack"),
        };

        Assert.Equal(["c", "a"], Build(ledger, new ReclaimFilter { MinDaysInactive = 100 }).Items.Where(i => i.ContractId == "m365-e3").Select(i => i.FindingId));
        Assert.Equal(["d"], Build(ledger, new ReclaimFilter { ContractId = "slack" }).Items.Select(i => i.FindingId));
        Assert.Equal(["d"], Build(ledger, new ReclaimFilter { Types = [FindingTypes.OrphanedSeat] }).Items.Select(i => i.FindingId));
    }

    [Fact]
    public void SeatsNotActedOn_SayWhy_AndCarryNoSavings()
    {
        var plan = Build(
            [Seat("a", idleDays: 300, person: "ceo@contoso.example"), Seat("b", source: SourceNames.Atlassian, product: "jira-software", idleDays: 250), Seat("c", idleDays: 200), Seat("d", idleDays: 150), Seat("e", idleDays: 140, currency: "USD")],
            rules: new ReclaimRules { MaxSeatsPerPlan = 2, ExemptIdentities = new HashSet<string>(["CEO@contoso.example"], StringComparer.OrdinalIgnoreCase) });

        var byId = plan.Items.ToDictionary(i => i.FindingId);
        Assert.Contains("is exempt (Reclaim__ExemptUsers)", byId["a"].Reason, StringComparison.Ordinal);
        Assert.Contains("remove it by hand at https://admin.atlassian.com", byId["b"].Reason, StringComparison.Ordinal);
        Assert.Equal(ReclaimActions.Manual, byId["b"].Action);
        Assert.Equal(ReclaimItemStatus.Planned, byId["c"].Status);
        Assert.Equal(ReclaimItemStatus.Planned, byId["d"].Status);
        Assert.Contains("cap of 2 seats (Reclaim__MaxSeatsPerPlan)", byId["e"].Reason, StringComparison.Ordinal);
        Assert.Equal(2, plan.PlannedSeats);
        Assert.Equal(3, plan.ExcludedSeats);
        Assert.Equal(new Dictionary<string, decimal> { ["EUR"] = 810m }, plan.Savings);
    }

    [Fact]
    public void APersonExcludesAndIncludesAgain_OnlyTheirOwnExclusionsComeBack()
    {
        var plan = Build([Seat("a"), Seat("b"), Seat("c", source: SourceNames.Atlassian, product: "confluence")]);

        var edited = ReclaimPlanner.Edit(plan, ["a"], [], "on parental leave");
        var back = ReclaimPlanner.Edit(edited, [], ["a", "c"], null);

        Assert.Equal("Excluded by a person: on parental leave", edited.Items.Single(i => i.FindingId == "a").Reason);
        Assert.Equal(1, edited.PlannedSeats);
        Assert.Equal(405m, edited.Savings["EUR"]);
        Assert.Equal(ReclaimItemStatus.Planned, back.Items.Single(i => i.FindingId == "a").Status);
        Assert.Equal(ReclaimItemStatus.Excluded, back.Items.Single(i => i.FindingId == "c").Status);   // a source without a write action stays out
    }

    [Fact]
    public void PlanIds_AreDeterministic_AndDifferPerFilterAndInstant()
    {
        var a = ReclaimPlanner.PlanId("t", Now, new ReclaimFilter());

        Assert.Equal(a, ReclaimPlanner.PlanId("t", Now, new ReclaimFilter()));
        Assert.NotEqual(a, ReclaimPlanner.PlanId("t", Now, new ReclaimFilter { ContractId = "x" }));
        Assert.NotEqual(a, ReclaimPlanner.PlanId("t", Now.AddSeconds(1), new ReclaimFilter()));
        Assert.StartsWith("rp-20261201T080000-", a, StringComparison.Ordinal);
    }

    [Fact]
    public void ADraftExpires_AnApprovedPlanDoesNot()
    {
        var plan = Build([Seat("a")]);

        Assert.False(plan.IsExpired(Now.AddDays(7).AddTicks(-1)));
        Assert.True(plan.IsExpired(Now.AddDays(7)));
        Assert.False((plan with { Status = ReclaimPlanStatus.Approved }).IsExpired(Now.AddDays(30)));
    }

    [Fact]
    public void TwoFindingsAboutOneSeat_PlanItOnce_AndCountItsSavingsOnce()
    {
        // A disabled user's E3 that is also redundant next to E5: one licence, one removal, 405 EUR once.
        var plan = Build(
        [
            Seat("disabled", FindingTypes.DisabledSeat, idleDays: 200, person: "ann@contoso.example"),
            Seat("redundant", FindingTypes.RedundantLicense, idleDays: 10, person: "ANN@contoso.example"),
            Seat("other-product", person: "ann@contoso.example", product: "VISIOCLIENT", cost: 180),
        ]);

        var byId = plan.Items.ToDictionary(i => i.FindingId);
        Assert.Equal(ReclaimItemStatus.Planned, byId["disabled"].Status);
        Assert.Equal(ReclaimItemStatus.Excluded, byId["redundant"].Status);
        Assert.Equal("The same seat as finding disabled, which the plan already takes.", byId["redundant"].Reason);
        Assert.Equal(ReclaimItemStatus.Planned, byId["other-product"].Status);
        Assert.Equal(585m, plan.Savings["EUR"]);
    }

    [Fact]
    public void EachSourceHasItsAction_AndOnlyAtlassianIsLeftToAPerson()
    {
        Assert.Equal(ReclaimActions.RemoveLicense, ReclaimActions.For(SourceNames.Graph, "SPE_E3").Action);
        Assert.Equal(ReclaimActions.DowngradeToBasic, ReclaimActions.For(SourceNames.Zoom, "licensed").Action);
        Assert.Equal(ReclaimActions.RemoveCopilotSeat, ReclaimActions.For(SourceNames.GitHub, "copilot_business").Action);
        Assert.Equal(ReclaimActions.Manual, ReclaimActions.For(SourceNames.GitHub, "enterprise").Action);
        Assert.Equal(ReclaimActions.DeactivateUser, ReclaimActions.For(SourceNames.Slack, "billable").Action);
        Assert.Equal(ReclaimActions.DeactivateUser, ReclaimActions.For(SourceNames.Salesforce, "Salesforce").Action);
        Assert.Equal((ReclaimActions.Manual, "https://admin.atlassian.com"), ReclaimActions.For(SourceNames.Atlassian, "jira-software"));
        Assert.Equal(ReclaimActions.Manual, ReclaimActions.For(SourceNames.Csv, "CCE").Action);
    }

    [Fact]
    public void ALicenceHeldOnlyThroughAGroup_IsLeftOut_NamingTheGroup()
    {
        var grouped = Seat("grouped");
        grouped = grouped with { Finding = grouped.Finding with { Evidence = new Dictionary<string, string>(grouped.Finding.Evidence) { ["assignedByGroup"] = "g-1;g-2" } } };

        var plan = Build([grouped, Seat("direct")]);

        var item = plan.Items.Single(i => i.FindingId == "grouped");
        Assert.Equal(ReclaimItemStatus.Excluded, item.Status);
        Assert.StartsWith("Assigned through group g-1, g-2:", item.Reason, StringComparison.Ordinal);
        Assert.Equal(1, plan.PlannedSeats);
    }

    [Fact]
    public void ASeatItsHolderKept_StaysOutUntilTheKeepEnds()
    {
        var keep = new ReclaimKeep(SourceNames.Graph, "A@contoso.example", "spe_e3", Now.AddDays(10), "rp-old");

        var during = Build([Seat("a"), Seat("b")], kept: [keep]);
        var after = ReclaimPlanner.Build("t", [Seat("a")], new ReclaimFilter(), new ReclaimRules(), Now.AddDays(10), [keep]);

        var item = during.Items.Single(i => i.FindingId == "a");
        Assert.Equal(ReclaimItemStatus.Excluded, item.Status);
        Assert.Equal("Its holder asked to keep it after a notice; left alone until 2026-12-11 (Reclaim__KeepDays).", item.Reason);
        Assert.Equal(ReclaimItemStatus.Planned, during.Items.Single(i => i.FindingId == "b").Status);
        Assert.Equal(ReclaimItemStatus.Planned, after.Items.Single().Status);
    }

    [Fact]
    public void Lifecycle_ExecutesAnApprovedPlanOnce_AndUndoesOnlyWithinTheWindow_OnlyTheSeatsItRemoved()
    {
        var rules = new ReclaimRules { UndoWindow = TimeSpan.FromDays(14) };
        var plan = Build([Seat("a"), Seat("b"), Seat("c", source: SourceNames.Atlassian, product: "confluence")]);
        var approved = plan with { Status = ReclaimPlanStatus.Approved };
        var executed = approved with { Status = ReclaimPlanStatus.Executed, ExecutedAt = Now };
        var steps = new Dictionary<(string, int), ReclaimStep>
        {
            [(ReclaimPhases.Execute, 0)] = new() { Phase = ReclaimPhases.Execute, Outcome = ReclaimOutcomes.Done, Detail = "removed", At = Now },
            [(ReclaimPhases.Execute, 1)] = new() { Phase = ReclaimPhases.Execute, Outcome = ReclaimOutcomes.Skipped, Detail = "group", At = Now },
        };
        var withSteps = ReclaimLifecycle.WithSteps(executed, steps);

        Assert.Contains("only an approved plan", ReclaimLifecycle.WhyNot(plan, ReclaimPhases.Execute, rules, Now), StringComparison.Ordinal);
        Assert.Null(ReclaimLifecycle.WhyNot(approved, ReclaimPhases.Execute, rules, Now));
        Assert.Contains("executed once", ReclaimLifecycle.WhyNot(executed, ReclaimPhases.Execute, rules, Now), StringComparison.Ordinal);
        Assert.Equal([0, 1], ReclaimLifecycle.Targets(approved, ReclaimPhases.Execute).Select(t => t.Index));   // the manual Atlassian seat is not a target

        Assert.Null(ReclaimLifecycle.WhyNot(executed, ReclaimPhases.Undo, rules, Now.AddDays(14)));
        Assert.Contains("Reclaim__UndoWindowDays", ReclaimLifecycle.WhyNot(executed, ReclaimPhases.Undo, rules, Now.AddDays(14).AddTicks(1)), StringComparison.Ordinal);
        Assert.Contains("only an executed plan", ReclaimLifecycle.WhyNot(approved, ReclaimPhases.Undo, rules, Now), StringComparison.Ordinal);
        Assert.Equal([0], ReclaimLifecycle.Targets(withSteps, ReclaimPhases.Undo).Select(t => t.Index));        // only what was removed comes back
        Assert.Equal(1, withSteps.ExecutionOutcomes[ReclaimOutcomes.Done]);
        Assert.Equal(1, withSteps.ExecutionOutcomes[ReclaimOutcomes.Skipped]);
        Assert.True(ReclaimOutcomes.IsFinal(ReclaimOutcomes.Skipped));
        Assert.False(ReclaimOutcomes.IsFinal(ReclaimOutcomes.Failed));
    }
}
