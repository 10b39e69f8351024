using Seatwise.Core.Tenants;

namespace Seatwise.Core.Tests.Tenants;

public sealed class TenantValidatorTests
{
    private static readonly TenantRecord Valid = new()
    {
        Id = "contoso-nl",
        DisplayName = "Contoso Netherlands",
        EntraTenantId = "0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0",
        Sources = ["zoom", "github"],
        Settings = new Dictionary<string, string>
        {
            ["Sources__github__Organization"] = "contoso-nl",
            ["Sources__zoom__ClientSecret"] = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/nl-zoom)",
        },
        Schedule = "0 0 3 * * *",
        AlertWebhook = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/nl-teams)",
        Currency = "EUR",
    };

    private static IEnumerable<string> Fields(TenantRecord tenant) => TenantValidator.Validate(tenant).Select(e => e.Field);

    [Fact]
    public void AValidTenant_HasNoErrors()
    {
        Assert.Empty(TenantValidator.Validate(Valid));
    }

    [Theory]
    [InlineData("Contoso")]        // upper case
    [InlineData("-contoso")]       // leading hyphen
    [InlineData("contoso-")]       // trailing hyphen
    [InlineData("con/toso")]       // not a key character
    [InlineData("")]
    [InlineData("a1234567890123456789012345678901234567890")] // 41 characters
    public void TenantIds_AreShortLowerCaseSlugs(string id)
    {
        Assert.Equal(["id"], Fields(Valid with { Id = id }));
    }

    [Fact]
    public void ASecretInPlainText_IsRefused_NamingTheSetting_AndNothingElseIsMisread()
    {
        var tenant = Valid with
        {
            Settings = new Dictionary<string, string>
            {
                ["Sources__zoom__ClientSecret"] = "plain-secret",
                ["Sources__github__Token"] = "ghp_plain",
                ["Sources__salesforce__ApiVersion"] = "v61.0",   // not a secret
                ["Graph__ClientSecret"] = "@Microsoft.KeyVault(SecretUri=x)", // not a source setting
                ["Sources__nosuch__Token"] = "@Microsoft.KeyVault(SecretUri=x)",
            },
            AlertWebhook = "https://contoso.webhook.office.com/abc?sig=secret",
        };

        Assert.Equal(
            ["settings.Sources__zoom__ClientSecret", "settings.Sources__github__Token", "settings.Graph__ClientSecret", "settings.Sources__nosuch__Token", "alertWebhook"],
            Fields(tenant));
    }

    [Fact]
    public void EveryOtherField_IsCheckedAndNamed()
    {
        var tenant = Valid with
        {
            DisplayName = " ",
            EntraTenantId = "contoso.onmicrosoft.com",
            Sources = ["graph", "teams"],
            Schedule = "0 3 * * *",
            Currency = "EURO",
        };

        Assert.Equal(["displayName", "entraTenantId", "sources", "sources", "schedule", "currency"], Fields(tenant));
    }
}
