using Seatwise.Core.Inventory;
using Seatwise.Core.Usage;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Usage;

public sealed class UsageReportTests
{
    private static readonly IReadOnlySet<string> Suite = Workloads.Of(["EXCHANGE_S_ENTERPRISE", "SHAREPOINTENTERPRISE", "TEAMS1", "MCOSTANDARD", "YAMMER_ENTERPRISE", "INTUNE_A"]);
    private static readonly IReadOnlySet<string> CopilotAddOn = Workloads.Of(["M365_COPILOT_APPS", "M365_COPILOT_TEAMS", "GRAPH_CONNECTORS_COPILOT"]);

    private const string OfficeCsv =
        "\uFEFFReport Refresh Date,User Principal Name,Display Name,Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date," +
        "Skype For Business Last Activity Date,Yammer Last Activity Date,Teams Last Activity Date,Some Future Column\r\n" +
        "2026-01-09,ann@contoso.com,Ann,2026-01-08,,,,,2025-12-01,x\r\n" +
        "2026-01-09,Bob@Contoso.com,Bob,,,,,,,x\r\n";

    private const string CopilotCsv =
        "Report Refresh Date,User Principal Name,Display Name,Last Activity Date,Word Copilot Last Activity Date,Copilot Chat Last Activity Date\r\n" +
        "2026-01-09,ann@contoso.com,Ann,,,\r\n" +
        "2026-01-09,cy@contoso.com,Cy,2025-11-02,,2025-11-20\r\n";

    private static UsageReport Report()
    {
        var report = new UsageReport();
        UsageReportCsv.ReadOffice(new StringReader(OfficeCsv), IdentityKeys.Default, report);
        UsageReportCsv.ReadCopilot(new StringReader(CopilotCsv), IdentityKeys.Default, report);
        return report;
    }

    private static DateTimeOffset Day(int year, int month, int day) => new(year, month, day, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Workloads_OfServicePlans()
    {
        Assert.Equal([Workloads.Exchange, Workloads.OneDrive, Workloads.SharePoint, Workloads.Teams, Workloads.VivaEngage, Workloads.Skype], Workloads.All.Where(Suite.Contains));
        Assert.Equal([Workloads.Copilot], CopilotAddOn);
        // Exchange Foundation rides along in Power BI and is no mail use; Visio and Teams Phone have no report workload.
        Assert.Empty(Workloads.Of(["BI_AZURE_P2", "EXCHANGE_S_FOUNDATION"]));
        Assert.Empty(Workloads.Of(["MCOEV"]));
        // A suite that includes a Copilot plan is still judged by its suite workloads.
        Assert.DoesNotContain(Workloads.Copilot, Workloads.Of(["EXCHANGE_S_ENTERPRISE", "M365_COPILOT_CHAT"]));
    }

    [Fact]
    public void SuiteSeat_LatestOfSignInAndItsWorkloads()
    {
        // ann signed in 2025-10-01; the report has Exchange 2026-01-08 and Teams 2025-12-01: activity is 2026-01-08.
        var ann = Account("ann", null) with { LastSuccessfulSignInAt = Day(2025, 10, 1) };

        var seat = Report().Judge(ann, new SeatAssignment("SPE_E3"), Suite, signInKnown: true);

        Assert.True(seat.JudgedBySeat);
        Assert.Equal(Day(2026, 1, 8), seat.LastActiveAt);
        Assert.Equal(Day(2025, 12, 1), seat.Usage![Workloads.Teams]);
        Assert.False(seat.Usage.ContainsKey(Workloads.OneDrive));
    }

    [Fact]
    public void ListedWithNoDate_WithoutSignIns_IsNoUse_NotUnknown()
    {
        var seat = Report().Judge(Account("bob", null), new SeatAssignment("SPE_E3"), Suite, signInKnown: false);

        Assert.True(seat.JudgedBySeat);
        Assert.Null(seat.LastActiveAt);
        Assert.False(seat.ActivityUnknown);
    }

    [Fact]
    public void NotListed_OrNoReportWorkload_WithoutSignIns_IsUnknown_WithSignIns_Unchanged()
    {
        var report = Report();
        var seat = new SeatAssignment("SPE_E3");

        Assert.True(report.Judge(Account("dan", null), seat, Suite, signInKnown: false).ActivityUnknown);
        Assert.True(report.Judge(Account("ann", null), new SeatAssignment("VISIOCLIENT"), Workloads.Of(["VISIO_CLIENT_SUBSCRIPTION"]), signInKnown: false).ActivityUnknown);
        Assert.Same(seat, report.Judge(Account("dan", 3), seat, Suite, signInKnown: true));
    }

    [Fact]
    public void CopilotSeat_ByCopilotUseAlone()
    {
        var report = Report();
        // ann reads mail daily (2026-01-08) and signed in yesterday, but never used Copilot: no activity for the Copilot seat.
        var ann = report.Judge(Account("ann", 1), new SeatAssignment("Microsoft_365_Copilot"), CopilotAddOn, signInKnown: true);
        // cy's latest Copilot use is Copilot Chat on 2025-11-20 (later than the overall column's 2025-11-02).
        var cy = report.Judge(Account("cy", 1), new SeatAssignment("Microsoft_365_Copilot"), CopilotAddOn, signInKnown: true);

        Assert.True(ann.JudgedBySeat);
        Assert.Null(ann.LastActiveAt);
        Assert.Equal(Day(2025, 11, 20), cy.LastActiveAt);
        Assert.Equal(Day(2025, 11, 20), cy.Usage![Workloads.Copilot]);
    }

    [Fact]
    public void ConcealedNames_AreNeverJoined_AndSayWhichSettingToChange()
    {
        var concealed = "Report Refresh Date,User Principal Name,Display Name,Exchange Last Activity Date,OneDrive Last Activity Date,SharePoint Last Activity Date," +
            "Skype For Business Last Activity Date,Yammer Last Activity Date,Teams Last Activity Date\r\n" +
            "2026-01-09,2E1F4A5B8C7D6E5F4A3B2C1D0E9F8A7B,5A4B3C2D1E0F9A8B7C6D5E4F3A2B1C0D,2026-01-08,,,,,\r\n";
        var report = new UsageReport();

        var ex = Assert.Throws<UsageReportException>(() => UsageReportCsv.ReadOffice(new StringReader(concealed), IdentityKeys.Default, report));

        Assert.Contains("Display concealed user, group, and site names in all reports", ex.Message, StringComparison.Ordinal);
        Assert.Equal(0, report.OfficeRows);
    }

    [Fact]
    public void MissingColumn_NamesIt()
    {
        var ex = Assert.Throws<UsageReportException>(() => UsageReportCsv.ReadOffice(new StringReader("Report Refresh Date,User Principal Name\r\n"), IdentityKeys.Default, new UsageReport()));

        Assert.Contains("'Exchange Last Activity Date'", ex.Message, StringComparison.Ordinal);
    }
}
