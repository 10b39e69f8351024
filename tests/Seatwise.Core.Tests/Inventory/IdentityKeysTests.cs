using Seatwise.Core.Inventory;

namespace Seatwise.Core.Tests.Inventory;

public sealed class IdentityKeysTests
{
    [Theory]
    [InlineData("Ann.Lee@Contoso.com", "ann.lee@contoso.com")]
    [InlineData("  ann@contoso.com ", "ann@contoso.com")]
    [InlineData("ann+slack@contoso.com", "ann@contoso.com")]
    [InlineData("+ann@contoso.com", "+ann@contoso.com")]
    [InlineData("not-an-email", "not-an-email")]
    [InlineData("", "")]
    [InlineData(null, "")]
    public void Normalize_Default(string? input, string expected)
    {
        Assert.Equal(expected, IdentityKeys.Default.Normalize(input));
    }

    [Fact]
    public void Normalize_AliasDomain_MapsToPrimary()
    {
        var keys = new IdentityKeys(new Dictionary<string, string> { ["Contoso.onmicrosoft.com"] = "contoso.com" });

        Assert.Equal("ann@contoso.com", keys.Normalize("ANN@contoso.onmicrosoft.com"));
    }
}
