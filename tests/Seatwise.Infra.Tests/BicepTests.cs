using System.Text.RegularExpressions;

namespace Seatwise.Infra.Tests;

/// <summary>Builds and lints every Bicep file with the CLI from its NuGet package, and checks what a reviewer would.</summary>
public sealed partial class BicepTests
{
    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(Tool.RepoRoot, "infra"), "*.bicep", SearchOption.AllDirectories).Order())
        {
            data.Add(Path.GetRelativePath(Tool.RepoRoot, file));
        }

        return data;
    }

    private static string Bicep => BicepCli.Path;

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Build_HasNoErrorsOrWarnings(string file)
    {
        var (exit, output) = await Tool.RunAsync(Bicep, "build", file, "--stdout");

        Assert.True(exit == 0, output);
        Assert.DoesNotContain("Warning", output, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public async Task Lint_IsClean(string file)
    {
        var (exit, output) = await Tool.RunAsync(Bicep, "lint", file);

        Assert.True(exit == 0 && output.Trim().Length == 0, output);
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void NoKeysNoSecretsNoRegistryModules(string file)
    {
        var text = File.ReadAllText(Path.Combine(Tool.RepoRoot, file));

        Assert.DoesNotContain("listKeys", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("AccountKey=", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("br/public:", text, StringComparison.Ordinal);
        Assert.DoesNotContain("br:", text, StringComparison.Ordinal);
        Assert.Empty(SecretOutput().Matches(text));
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryRoleAssignment_IsScopedToOneResource(string file)
    {
        var text = File.ReadAllText(Path.Combine(Tool.RepoRoot, file));
        var assignments = RoleAssignment().Matches(text);

        foreach (Match assignment in assignments)
        {
            var body = text[assignment.Index..Math.Min(text.Length, assignment.Index + 400)];
            Assert.Matches(@"scope:\s*(storage|applicationInsights|vault|serviceBus)\b", body);
        }
    }

    [Fact]
    public void StorageAccount_DisablesSharedKeyAndOldTls()
    {
        var text = File.ReadAllText(Path.Combine(Tool.RepoRoot, "infra", "app", "storage.bicep"));

        Assert.Contains("allowSharedKeyAccess: false", text, StringComparison.Ordinal);
        Assert.Contains("minimumTlsVersion: 'TLS1_2'", text, StringComparison.Ordinal);
    }

    // Output names that would carry a credential. The Application Insights connection string is not one: with local
    // auth disabled it only says where to send telemetry, and ingestion requires the identity's Entra token.
    [GeneratedRegex(@"^output\s+\w*(secret|password|accountkey|sharedkey|sastoken|primarykey)\w*\s", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SecretOutput();

    [GeneratedRegex(@"resource\s+\w+\s+'Microsoft\.Authorization/roleAssignments@")]
    private static partial Regex RoleAssignment();
}
