using Seatwise.Local;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>The local host's command line: the demo's options and the errors that name the bad one.</summary>
public sealed class LocalHostArgumentsTests
{
    [Fact]
    public void DemoTenants_IsReadWithTheDemo()
    {
        var (settings, error, _) = LocalHostSettings.Parse(["--demo", "--demo-tenants", "3", "--demo-users", "900"]);
        Assert.Null(error);
        Assert.True(settings!.Demo);
        Assert.Equal(3, settings.DemoTenants);
        Assert.Equal(900, settings.DemoUsers);
        Assert.Equal(1, LocalHostSettings.Parse(["--demo"]).Settings!.DemoTenants);
    }

    [Theory]
    [InlineData("0", "--demo-tenants must be between 1 and 50.")]
    [InlineData("51", "--demo-tenants must be between 1 and 50.")]
    [InlineData("three", "--demo-tenants needs a whole number.")]
    public void DemoTenants_OutOfRange_IsRefusedNamingIt(string value, string expected)
    {
        var (settings, error, _) = LocalHostSettings.Parse(["--demo", "--demo-tenants", value]);
        Assert.Null(settings);
        Assert.Equal(expected, error);
    }
}
