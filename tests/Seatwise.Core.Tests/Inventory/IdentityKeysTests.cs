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

    [Fact]
    public void Parse_AliasDomainsSetting_MapsEachAliasToItsPrimary()
    {
        var keys = IdentityKeys.Parse(" contoso-old.com = contoso.com ; Contoso.onmicrosoft.com=contoso.com;");

        Assert.Equal("ann@contoso.com", keys.Normalize("Ann+zoom@CONTOSO-OLD.com"));
        Assert.Equal("bob@contoso.com", keys.Normalize("bob@contoso.onmicrosoft.com"));
        Assert.Equal("cy@fabrikam.com", keys.Normalize("cy@fabrikam.com"));
        Assert.Same(IdentityKeys.Default, IdentityKeys.Parse(""));
    }

    [Theory]
    [InlineData("contoso-old.com", "'contoso-old.com' is not alias=primary")]
    [InlineData("a@contoso.com=contoso.com", "is not alias=primary")]
    [InlineData("old.com=new.com;OLD.com=other.com", "alias domain 'OLD.com' is listed twice")]
    public void Parse_BadEntry_SaysWhich(string setting, string expected)
    {
        var error = Assert.Throws<FormatException>(() => IdentityKeys.Parse(setting));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
