using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Storage.Runs;
using Seatwise.Workflows.Runs;

namespace Seatwise.Workflows.Tests.Runs;

/// <summary>What a run that did not fully succeed may not resolve: decided from each finding's step, source and contract.</summary>
public sealed class CompleteRunTests
{
    private static Finding F(string type, string step, string contractId = "", string source = SourceNames.Graph) => new()
    {
        Id = type + contractId, Type = type, ContractId = contractId, SubjectKey = "s", Subject = "s", AnnualCost = 1, Currency = "EUR",
        Sources = [source], Evidence = new Dictionary<string, string>(), Step = step,
    };

    private static readonly Finding Inactive = F(FindingTypes.InactiveSeat, RunSteps.Contract, "m365-e5");
    private static readonly Finding ZoomOrphan = F(FindingTypes.OrphanedSeat, RunSteps.Contract, "zoom", SourceNames.Zoom);
    private static readonly Finding Uncontracted = F(FindingTypes.UncontractedProduct, RunSteps.Tenant);
    private static readonly Finding Unmanaged = F(FindingTypes.UnmanagedApp, RunSteps.Apps);

    private static CompleteRunInput Input(
        string tenant = StepStatus.Ok, string apps = StepStatus.Ok, string zoom = SourceStatus.Ok, string zoomContract = ContractStatus.Ok) => new(
        "contoso", "run-2", DateTimeOffset.UnixEpoch,
        [new SourceOutcome { Source = SourceNames.Graph, Status = SourceStatus.Ok }, new SourceOutcome { Source = SourceNames.Zoom, Status = zoom }],
        [new ContractOutcome { ContractId = "m365-e5", Status = ContractStatus.Ok }, new ContractOutcome { ContractId = "zoom", Status = zoomContract }],
        [new StepOutcome { Step = RunSteps.Tenant, Status = tenant }, new StepOutcome { Step = RunSteps.Apps, Status = apps }],
        null);

    private static string[] Protected(CompleteRunInput input)
    {
        var unverifiable = CompleteRun.Unverifiable(input);
        return [.. new[] { Inactive, ZoomOrphan, Uncontracted, Unmanaged }.Where(unverifiable).Select(f => f.Type)];
    }

    [Fact]
    public void EverythingRan_NothingIsProtected() => Assert.Empty(Protected(Input()));

    [Fact]
    public void TenantStepFailed_ProtectsOnlyItsFindings() =>
        Assert.Equal([FindingTypes.UncontractedProduct], Protected(Input(tenant: StepStatus.Failed)));

    [Fact]
    public void AppsStepSkipped_ProtectsOnlyAppFindings() =>
        Assert.Equal([FindingTypes.UnmanagedApp], Protected(Input(apps: StepStatus.Skipped)));

    [Fact]
    public void StepNeverReached_ProtectsItsFindings()
    {
        var input = Input() with { Steps = [] };

        Assert.Equal([FindingTypes.UncontractedProduct, FindingTypes.UnmanagedApp], Protected(input));
    }

    [Fact]
    public void SourceFailed_ProtectsFindingsThatDependOnIt() =>
        Assert.Equal([FindingTypes.OrphanedSeat], Protected(Input(zoom: SourceStatus.Failed)));

    [Theory]
    [InlineData(ContractStatus.Failed)]
    [InlineData(ContractStatus.Skipped)]
    public void ContractNotReconciled_ProtectsItsFindings(string status) =>
        Assert.Equal([FindingTypes.OrphanedSeat], Protected(Input(zoomContract: status)));

    [Fact]
    public void LedgerRowWithoutStep_IsJudgedByTheStepOfItsType()
    {
        var legacy = Uncontracted with { Step = null };

        Assert.True(CompleteRun.Unverifiable(Input(tenant: StepStatus.Failed))(legacy));
        Assert.False(CompleteRun.Unverifiable(Input(apps: StepStatus.Failed))(legacy));
    }
}
