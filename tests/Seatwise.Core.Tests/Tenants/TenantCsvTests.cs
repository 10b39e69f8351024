using Seatwise.Core.Tenants;

namespace Seatwise.Core.Tests.Tenants;

public sealed class TenantCsvTests
{
    private const string Header = "id,displayName,entraTenantId,enabled,sources,schedule,alertWebhook,currency,Sources__github__Organization,Sources__github__Token\n";
    private const string Vault = "@Microsoft.KeyVault(SecretUri=https://kv.vault.azure.net/secrets/contoso-github)";

    [Fact]
    public void AFile_GivesOneRecordPerRow_WithItsSettingColumns_EmptyCellsLeftOut()
    {
        var csv = Header +
            $"contoso-uk,Contoso UK,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,true,github;slack,0 0 3 * * *,,gbp,contoso-uk,{Vault}\n" +
            "fabrikam,Fabrikam,6c1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b,no,,,,,,\n";

        var parsed = TenantCsv.Parse(new StringReader(csv));

        Assert.Empty(parsed.Errors);
        var uk = parsed.Tenants[0];
        Assert.Equal(["github", "slack"], uk.Sources);
        Assert.Equal("GBP", uk.Currency);
        Assert.Equal("0 0 3 * * *", uk.Schedule);
        Assert.Equal(new Dictionary<string, string> { ["Sources__github__Organization"] = "contoso-uk", ["Sources__github__Token"] = Vault }, uk.Settings);
        var fabrikam = parsed.Tenants[1];
        Assert.False(fabrikam.Enabled);
        Assert.Empty(fabrikam.Settings);
        Assert.Equal("EUR", fabrikam.Currency);
    }

    [Fact]
    public void BadRows_AreEachNamedByLineAndColumn_AndNothingIsReturned()
    {
        var csv = Header +
            "good-one,Good,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0,,,,,,,\n" +
            "plain-token,Plain,6c1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b,,github,,,,org,ghp_plaintext\n" +
            "good-one,Again,6c1f7e0a-2b3d-4e5f-9a8b-7c6d5e4f3a2b,maybe,,,,,,\n" +
            "bad-guid,Bad,contoso.onmicrosoft.com,,,,,,,\n";

        var parsed = TenantCsv.Parse(new StringReader(csv));

        Assert.Empty(parsed.Tenants);
        Assert.Contains(parsed.Errors, e => e.Line == 3 && e.Column == "Sources__github__Token");
        Assert.DoesNotContain(parsed.Errors, e => e.Message.Contains("ghp_plaintext", StringComparison.Ordinal));
        Assert.Contains(parsed.Errors, e => e.Line == 4 && e.Column == "enabled");
        Assert.Contains(parsed.Errors, e => e.Line == 5 && e.Column == "entraTenantId");
    }

    [Fact]
    public void AnUnknownColumn_AndADuplicateId_AreNamed()
    {
        var unknown = TenantCsv.Parse(new StringReader("id,displayName,entraTenantId,Graph__ClientSecret\n"));
        Assert.Contains(unknown.Errors, e => e.Column == "Graph__ClientSecret" && e.Message.Contains("not a tenant column", StringComparison.Ordinal));

        var twice = TenantCsv.Parse(new StringReader("id,displayName,entraTenantId\nsame,A,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\nsame,B,0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0\n"));
        Assert.Contains(twice.Errors, e => e.Line == 3 && e.Column == "id" && e.Message.Contains("also on line 2", StringComparison.Ordinal));
    }
}
