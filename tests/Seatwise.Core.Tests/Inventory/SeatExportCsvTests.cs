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

    [Fact]
    public void RowWithAFieldNoRealExportHas_IsABadRow_TheOthersAreKept()
    {
        // A 40,000-character e-mail would exceed Table Storage's property limit and fail the whole contract.
        var huge = new string('x', 40_000) + "@contoso.com";
        var result = Parse($"email,productKey,assignedAt,lastActiveAt,status\n{huge},cc-all-apps,,,active\nann@contoso.com,cc-all-apps,,,active\n");

        var error = Assert.Single(result.Errors);
        Assert.Equal(2, error.Line);
        Assert.Equal("email (40,012 characters; at most 1,024) is too long", error.Reason);
        Assert.Equal("ann@contoso.com", Assert.Single(result.Accounts).Account.IdentityKey);
    }

    [Fact]
    public async Task GuardedSnapshotWriter_LeavesOutAccountsWithOverlongFields_CountsThemAndKeepsTheRest()
    {
        var written = new List<object?>();
        var writer = new GuardedSnapshotWriter(new ListWriter(written));
        var good = new AccountSeats(new Account { Source = "zoom", AccountId = "u1", IdentityKey = "ann@contoso.com" }, [new SeatAssignment("licensed")]);
        var bad = good with { Account = good.Account with { AccountId = "u2", DisplayName = new string('n', 5000) } };

        await writer.WriteAsync(SnapshotParts.Seats, bad, CancellationToken.None);
        await writer.WriteAsync(SnapshotParts.Seats, good, CancellationToken.None);

        Assert.Equal([good], written);
        Assert.Equal(1, writer.Rejected);
        Assert.Equal("1 account(s) left out because a field is too long; the first: u2: displayName (5,000 characters; at most 1,024)", writer.Warning);
    }

    private sealed class ListWriter(List<object?> written) : ISnapshotWriter
    {
        public Task WriteAsync<T>(string part, T record, CancellationToken cancellationToken)
        {
            written.Add(record);
            return Task.CompletedTask;
        }

        public void SetProperty(string name, string value)
        {
        }
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
