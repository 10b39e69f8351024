using Seatwise.Core.Findings;
using Seatwise.Core.Inventory;
using Seatwise.Core.Reconciliation;
using static Seatwise.Core.Tests.TestData;

namespace Seatwise.Core.Tests.Reconciliation;

/// <summary>The Entra side of the cross-source join: every address of an account, and keys two accounts claim.</summary>
public sealed class IdentityJoinTests
{
    private static readonly IdentityKeys Keys = IdentityKeys.Parse("contoso-old.com=contoso.com");

    /// <summary>An Entra account known by its UPN and further addresses (mail, proxy addresses, other mails).</summary>
    private static Account Entra(string id, string upn, bool enabled = true, params string[] addresses)
    {
        var key = Keys.Normalize(upn);
        return new Account { Source = "graph", AccountId = id, IdentityKey = key, Enabled = enabled, OtherIdentityKeys = Keys.Others(key, addresses.Select(a => IdentityKeys.SmtpAddress(a) ?? a)) };
    }

    private static Account Vendor(string address, bool identityUnknown = false) => new()
    {
        Source = "slack",
        AccountId = "U-" + address,
        IdentityKey = identityUnknown ? address : Keys.Normalize(address),
        IdentityUnknown = identityUnknown,
        LastActiveAt = RunAt.AddDays(-2),
        CreatedAt = RunAt.AddDays(-400),
    };

    private static EntraDirectory Directory(params Account[] accounts)
    {
        var directory = new EntraDirectory();
        foreach (var account in accounts)
        {
            directory.Add(account);
        }

        return directory;
    }

    /// <summary>Slack, 5 seats at 8.75/month; each vendor account holds one seat.</summary>
    private static ReconcileResult Run(EntraDirectory entra, params Account[] vendorAccounts)
    {
        var slack = Contract(id: "slack", source: "slack", productKeys: ["business_plus"], seats: 5, unitPrice: 8.75m, vendor: "Slack");
        return ReconcileBothSteps(new ReconcileInput
        {
            TenantId = Tenant,
            RunAt = RunAt,
            Contracts = [slack],
            Entra = entra,
        }, vendorAccounts.Select(a => new AccountSeats(a, [new SeatAssignment("business_plus")])), null);
    }

    [Fact]
    public void RenamedUser_UpnChangedMailKept_JoinsByTheOldAddress()
    {
        var entra = Directory(Entra("1", "ann.berg@contoso.com", true, "SMTP:ann.lee@contoso.com", "smtp:ann.berg@contoso.com"));

        Assert.Equal(EntraMatch.Enabled, entra.Match(Vendor("Ann.Lee@contoso.com")));
        Assert.DoesNotContain(Run(entra, Vendor("ann.lee@contoso.com")).Findings, f => f.Type == FindingTypes.OrphanedSeat);
    }

    [Fact]
    public void MailDifferentFromUpn_AndOtherMails_Join()
    {
        var entra = Directory(Entra("1", "e10442@contoso.com", true, "bo.tanaka@contoso.com", "bo.personal@example.net"));

        Assert.Equal(EntraMatch.Enabled, entra.Match(Vendor("bo.tanaka@contoso.com")));
        Assert.Equal(EntraMatch.Enabled, entra.Match(Vendor("bo.personal@example.net")));
        Assert.Equal(EntraMatch.None, entra.Match(Vendor("bo@contoso.com")));
    }

    [Fact]
    public void AliasDomain_PlusTagAndCase_MeetInOneKey()
    {
        var entra = Directory(Entra("1", "cy@contoso.com"));

        Assert.Equal(EntraMatch.Enabled, entra.Match(Vendor(" CY+slack@Contoso-Old.com ")));
    }

    [Fact]
    public void LeaverByAnyAddress_IsOrphaned_WithTheDisabledAccountNamed()
    {
        var entra = Directory(Entra("1", "dan.new@contoso.com", false, "smtp:dan@contoso.com"));

        var orphan = Assert.Single(Run(entra, Vendor("dan@contoso.com")).Findings, f => f.Type == FindingTypes.OrphanedSeat);

        Assert.Equal("disabled", orphan.Evidence["entraAccount"]);
        Assert.Equal(105m, orphan.AnnualCost);
    }

    [Fact]
    public void SharedKey_JoinsNeitherAccount_AndIsNeverAnOrphan()
    {
        // eve (disabled) and the team lead (enabled) both list team@contoso.com: which one holds the Slack seat is unknown.
        var entra = Directory(
            Entra("1", "eve@contoso.com", false, "team@contoso.com"),
            Entra("2", "lead@contoso.com", true, "team@contoso.com"),
            Entra("3", "lead2@contoso.com", true, "team@contoso.com"));

        var result = Run(entra, Vendor("team@contoso.com"));

        Assert.Equal(["team@contoso.com"], entra.SharedKeys);
        Assert.Equal(EntraMatch.Shared, entra.Match(Vendor("team@contoso.com")));
        Assert.DoesNotContain(result.Findings, f => f.Type == FindingTypes.OrphanedSeat);
        Assert.Equal(1, result.Positions.Single().Counts.Active);
    }

    [Fact]
    public void SameAccount_ListingAnAddressTwice_DoesNotShareIt()
    {
        var entra = Directory(Entra("1", "fay@contoso.com", true, "SMTP:fay@contoso.com", "smtp:fay@contoso-old.com", "fay@contoso.com"));

        Assert.Empty(entra.SharedKeys);
        Assert.Equal(1, entra.Count);
    }

    [Fact]
    public void IdentityUnknown_VendorAccount_IsUnmatched_NotAnOrphan()
    {
        var entra = Directory(Entra("1", "gus@contoso.com"));

        var result = Run(entra, Vendor("gus-ctso", identityUnknown: true));

        Assert.DoesNotContain(result.Findings, f => f.Type == FindingTypes.OrphanedSeat);
        Assert.Equal(1, result.Positions.Single().Counts.Active);
    }

    [Fact]
    public void Others_KeepsEmailAddressesOnly_EachOnce_WithoutTheKey()
    {
        var others = Keys.Others("hal@contoso.com", ["HAL@contoso.com", "hal@contoso-old.com", "x500-not-mail", "", null, "h.l@contoso.com", "H.L@contoso.com"]);

        Assert.Equal(["h.l@contoso.com"], others);
        Assert.Null(Keys.Others("hal@contoso.com", ["hal@contoso.com"]));
        Assert.Equal("hal@contoso.com", IdentityKeys.SmtpAddress("SMTP:hal@contoso.com"));
        Assert.Equal("h.l@contoso.com", IdentityKeys.SmtpAddress("smtp:h.l@contoso.com"));
        Assert.Null(IdentityKeys.SmtpAddress("SIP:hal@contoso.com"));
        Assert.Null(IdentityKeys.SmtpAddress("smtp:"));
    }
}
