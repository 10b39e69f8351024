using Seatwise.Core.Inventory;

namespace Seatwise.Core.Tests.Inventory;

public sealed class SeatExportCsvTests
{
    private static SeatExportResult Parse(string csv) => SeatExportCsv.Parse(new StringReader(csv), "adobe/cc.csv", "csv", IdentityKeys.Default);

    [Fact]
    public void GoodRowsAreUsed_BadRowsReportedWithFileLineAndReason()
    {
        var result = Parse(
            "email,productKey,assignedAt,lastActiveAt,status,extra\n" +
            "Ann@Contoso.com,cc-all-apps,2025-01-02,2026-11-01T08:00:00Z,active,x\n" +
            "not-an-email,cc-all-apps,,,active,x\n" +
            "bob@contoso.com,,2025-01-02,,active,x\n" +
            "carl@contoso.com,cc-all-apps,yesterday,,active,x\n" +
            "ann+adobe@contoso.com,acrobat-pro,,2026-11-20,active,x\n" +
            "dana@contoso.com,cc-all-apps,,,Suspended,x\n");

        Assert.Equal(6, result.Rows);
        Assert.Equal(["adobe/cc.csv line 3: email 'not-an-email' is not an email address", "adobe/cc.csv line 4: productKey is empty"], result.Errors.Take(2).Select(e => e.ToString()));
        Assert.Equal(5, result.Errors[2].Line);
        var ann = result.Accounts.Single(a => a.Account.IdentityKey == "ann@contoso.com");
        // Case and plus-addressing differences join into one person holding both products, latest activity wins.
        Assert.Equal(["cc-all-apps", "acrobat-pro"], ann.Seats.Select(s => s.ProductKey));
        Assert.Equal(new DateTimeOffset(2026, 11, 20, 0, 0, 0, TimeSpan.Zero), ann.Account.LastActivity);
        Assert.Equal(new DateTimeOffset(2025, 1, 2, 0, 0, 0, TimeSpan.Zero), ann.Seats[0].AssignedAt);
        Assert.False(result.Accounts.Single(a => a.Account.IdentityKey == "dana@contoso.com").Account.Enabled);
    }

    [Theory]
    [InlineData("", "the file is empty")]
    [InlineData("mail,product\nann@contoso.com,x\n", "the header lacks email, productKey")]
    public void NoUsableHeader_NoAccounts_AndAClearError(string csv, string reason)
    {
        var result = Parse(csv);

        Assert.Empty(result.Accounts);
        Assert.Contains(reason, Assert.Single(result.Errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnsInAnyOrder_FormulaGuardRemoved()
    {
        var result = Parse("status,productKey,email\nactive,'=plan,eve@contoso.com\n");

        Assert.Equal("=plan", Assert.Single(Assert.Single(result.Accounts).Seats).ProductKey);
    }
}
