using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Seatwise.Integration.Tests.Infrastructure;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>
/// Every <c>%name%</c> binding expression in the Functions app's generated metadata resolves the way the Functions
/// host resolves it: <c>configuration[name]</c> over configuration built from environment variables (azure-webjobs-sdk
/// DefaultNameResolver), with the app settings the deployment actually writes (infra/app/functionapp.bicep).
/// The local host reads its schedules through its own code, so only this test can see an expression that would
/// never resolve in Azure.
/// </summary>
public sealed partial class BindingExpressionTests
{
    [Fact]
    public void EveryBindingExpression_ResolvesFromTheDeployedAppSettings()
    {
        var expressions = BindingExpressions(FunctionsMetadata());
        var settings = DeployedAppSettingNames();

        var unresolved = Unresolved(expressions, settings);

        Assert.Contains("%Schedules:Sync%", expressions);
        Assert.Contains("%Schedules:Digest%", expressions);
        Assert.True(unresolved.Count == 0, "binding expressions the host cannot resolve: " + string.Join(", ", unresolved));
    }

    [Fact]
    public void DoubleUnderscoreForm_DoesNotResolve()
    {
        // The form the timers had before: the app setting Schedules__Sync is configuration key Schedules:Sync.
        var unresolved = Unresolved(["%Schedules__Sync%"], DeployedAppSettingNames());

        Assert.Equal(["%Schedules__Sync%"], unresolved);
    }

    [Fact]
    public void NoBindingExpression_UsesTheDoubleUnderscoreForm()
    {
        var expressions = BindingExpressions(FunctionsMetadata());

        Assert.DoesNotContain(expressions, e => e.Contains("__", StringComparison.Ordinal));
    }

    /// <summary>Expressions whose name is missing from configuration built from the given environment variables.</summary>
    private static List<string> Unresolved(IEnumerable<string> expressions, IReadOnlyList<string> appSettings)
    {
        // A prefix of our own keeps these variables apart from the test process's real environment.
        var prefix = $"SEATWISE_BINDING_TEST_{Guid.NewGuid():N}_";
        try
        {
            foreach (var name in appSettings)
            {
                Environment.SetEnvironmentVariable(prefix + name, "set");
            }

            var configuration = new ConfigurationBuilder().AddEnvironmentVariables(prefix).Build();
            return [.. expressions.Where(e => string.IsNullOrEmpty(configuration[e.Trim('%')]))];
        }
        finally
        {
            foreach (var name in appSettings)
            {
                Environment.SetEnvironmentVariable(prefix + name, null);
            }
        }
    }

    private static string FunctionsMetadata()
    {
        var path = Path.Combine(BuildPaths.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/Seatwise.Functions first.");
        return File.ReadAllText(path);
    }

    /// <summary>Every %name% token in any string value of any binding.</summary>
    private static List<string> BindingExpressions(string metadataJson)
    {
        var found = new List<string>();
        foreach (var function in JsonDocument.Parse(metadataJson).RootElement.EnumerateArray())
        {
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                foreach (var property in binding.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.String))
                {
                    found.AddRange(Expression().Matches(property.Value.GetString()!).Select(m => m.Value));
                }
            }
        }

        return found;
    }

    /// <summary>The names of the app settings functionapp.bicep writes (the literal keys of its appsettings object).</summary>
    private static List<string> DeployedAppSettingNames()
    {
        var bicep = File.ReadAllText(Path.Combine(BuildPaths.RepoRoot, "infra", "app", "functionapp.bicep"));
        var start = bicep.IndexOf("name: 'appsettings'", StringComparison.Ordinal);
        Assert.True(start > 0, "functionapp.bicep has no appsettings resource");
        var names = AppSetting().Matches(bicep[start..]).Select(m => m.Groups[1].Value).ToList();
        Assert.Contains("AzureWebJobsStorage__accountName", names);
        return names;
    }

    [GeneratedRegex("%[^%]+%")]
    private static partial Regex Expression();

    [GeneratedRegex(@"^\s+([A-Za-z_][A-Za-z0-9_]*):\s", RegexOptions.Multiline)]
    private static partial Regex AppSetting();
}
