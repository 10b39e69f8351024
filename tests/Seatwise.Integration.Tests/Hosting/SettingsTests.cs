using Microsoft.Extensions.Options;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>Invalid settings stop the host at start with one message naming the setting (DESIGN.md 10).</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SettingsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Identity:AliasDomains", "contoso-old.com", "Identity__AliasDomains is invalid: 'contoso-old.com' is not alias=primary")]
    [InlineData("Sources:github:PageSize", "500", "PageSize")]
    [InlineData("Sources:salesforce:ApiVersion", "61", "ApiVersion")]
    [InlineData("Sources:atlassian:PageSize", "500", "PageSize")]
    [InlineData("Storage:WriteConcurrency", "0", "WriteConcurrency")]
    [InlineData("Sources:salesforce:PageSize", "100", "Sources__salesforce__PageSize must be from 200 to 2,000: Salesforce's documented batchSize range")]
    public async Task InvalidSetting_FailsTheStart_NamingIt(string key, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestHosts.StartAsync(azurite, s => s.Settings[key] = value));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }
}
