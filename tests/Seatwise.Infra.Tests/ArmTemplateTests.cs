using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Seatwise.Infra.Tests;

/// <summary>
/// Asserts on the ARM template the Bicep CLI builds from infra/main.bicep (what Azure would receive), not on the
/// Bicep text: a parameter that is declared but never reaches its resource fails here.
/// </summary>
public sealed partial class ArmTemplateTests
{
    private const string ServiceBusDataSender = "69a216fc-b8fb-44d8-bc22-1f3c2cd27a39";
    private const string KeyVaultSecretsOfficer = "b86a8fe4-44ce-4948-aee5-eccb2c155cd7";

    private static readonly Lazy<Task<JsonObject>> Main = new(() => BuildAsync("infra/main.bicep"));

    [Fact]
    public async Task MaximumInstanceCount_HasFlexConsumptionsMinimumOf40()
    {
        var template = await Main.Value;

        var parameter = template["parameters"]!["maximumInstanceCount"]!;

        Assert.Equal(40, (int)parameter["minValue"]!);
        Assert.Equal(1000, (int)parameter["maxValue"]!);
    }

    [Fact]
    public async Task DeployerPrincipalType_IsAParameter_ThatReachesTheKeyVaultRoleAssignment()
    {
        var template = await Main.Value;

        var parameter = template["parameters"]!["deployerPrincipalType"]!;
        var keyVault = NestedDeployment(template, "keyvault");
        var passed = keyVault["properties"]!["parameters"]!["deployerPrincipalType"]!["value"]!.ToString();
        var officer = RoleAssignment(keyVault["properties"]!["template"]!.AsObject(), KeyVaultSecretsOfficer);

        Assert.Equal("User", parameter["defaultValue"]!.ToString());
        Assert.Contains("ServicePrincipal", parameter["allowedValues"]!.AsArray().Select(v => v!.ToString()));
        Assert.Equal("[parameters('deployerPrincipalType')]", passed);
        Assert.Equal("[parameters('deployerPrincipalType')]", officer["properties"]!["principalType"]!.ToString());
    }

    [Fact]
    public void PrincipalType_IsFedFromAzdsEnvironment()
    {
        var parameters = JsonNode.Parse(File.ReadAllText(Path.Combine(Tool.RepoRoot, "infra", "main.parameters.json")))!;

        Assert.Equal("${AZURE_PRINCIPAL_TYPE=User}", parameters["parameters"]!["deployerPrincipalType"]!["value"]!.ToString());
    }

    [Fact]
    public async Task EventsNamespace_WhenGiven_AssignsServiceBusDataSender_AndSetsTheAppSetting()
    {
        var template = await Main.Value;

        var events = NestedDeployment(template, "events");
        var sender = RoleAssignment(events["properties"]!["template"]!.AsObject(), ServiceBusDataSender);
        var appSettings = AppSettings(template);

        Assert.Equal("[not(empty(parameters('eventsNamespace')))]", events["condition"]!.ToString());
        Assert.Contains("Microsoft.ServiceBus/namespaces", sender["scope"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal("ServicePrincipal", sender["properties"]!["principalType"]!.ToString());
        Assert.Contains("eventsNamespaceHost", appSettings, StringComparison.Ordinal);
        Assert.Contains("Events__ClientId", appSettings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManyTenants_TheOperatorKeyIsAKeyVaultReference_AndRegistryTenantsUseTheFederatedApp()
    {
        var appSettings = AppSettings(await Main.Value);

        // The tenant-scoped routes check Api__Key themselves (a tenant key is no function key): never a value in the template.
        Assert.Contains("'Api__Key'", appSettings, StringComparison.Ordinal);
        Assert.Contains("secrets/api-operator-key", appSettings, StringComparison.Ordinal);
        Assert.Contains("'Graph__TenantAuthentication'", appSettings, StringComparison.Ordinal);
        Assert.Contains("FederatedIdentity", appSettings, StringComparison.Ordinal);
        Assert.Contains("'Graph__AppClientId'", appSettings, StringComparison.Ordinal);
        Assert.Contains("'Runs__MaxConcurrentTenants'", appSettings, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TimerSchedules_AreAppSettings_TheTriggersResolve()
    {
        var template = await Main.Value;

        var appSettings = AppSettings(template);

        // The Functions host turns Schedules__Sync into configuration key Schedules:Sync, which the triggers name.
        Assert.Contains("'Schedules__Sync'", appSettings, StringComparison.Ordinal);
        Assert.Contains("'Schedules__Digest'", appSettings, StringComparison.Ordinal);
        Assert.Contains("'Schedules__TenantTick'", appSettings, StringComparison.Ordinal);
    }

    [Fact]
    public void HostJson_PollsDurableQueuesAtMostEvery10Seconds()
    {
        var host = JsonNode.Parse(File.ReadAllText(Path.Combine(Tool.RepoRoot, "host.json")))!;

        var interval = TimeSpan.Parse(host["extensions"]!["durableTask"]!["storageProvider"]!["maxQueuePollingInterval"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture);

        Assert.True(interval <= TimeSpan.FromSeconds(10), $"maxQueuePollingInterval {interval}");
    }

    /// <summary>The function app's appsettings as ARM has them: an expression (a union of objects) or an object.</summary>
    private static string AppSettings(JsonObject template)
    {
        var api = NestedDeployment(template, "api");
        var properties = Resources(api["properties"]!["template"]!.AsObject())
            .Single(r => r["type"]!.ToString() == "Microsoft.Web/sites/config")["properties"]!;
        return properties is JsonValue value ? value.ToString() : properties.ToJsonString();
    }

    private static JsonObject NestedDeployment(JsonObject template, string name) =>
        Resources(template).Single(r => r["type"]!.ToString() == "Microsoft.Resources/deployments" && r["name"]!.ToString() == name);

    /// <summary>The template's one role assignment of the given role definition (Bicep keeps role ids in variables).</summary>
    private static JsonObject RoleAssignment(JsonObject template, string roleDefinitionGuid)
    {
        var variables = template["variables"]?.AsObject();
        return Resources(template)
            .Where(r => r["type"]!.ToString() == "Microsoft.Authorization/roleAssignments")
            .Single(r => VariableReference().Replace(r["properties"]!["roleDefinitionId"]!.ToString(), m => variables?[m.Groups[1].Value]?.ToString() ?? m.Value)
                .Contains(roleDefinitionGuid, StringComparison.Ordinal));
    }

    [GeneratedRegex(@"variables\('(\w+)'\)")]
    private static partial Regex VariableReference();

    // Bicep writes resources as an array, or as an object keyed by symbolic name when a feature needs it.
    private static IEnumerable<JsonObject> Resources(JsonObject template) => template["resources"] switch
    {
        JsonArray array => array.Select(r => r!.AsObject()),
        JsonObject map => map.Select(p => p.Value!.AsObject()),
        _ => [],
    };

    private static async Task<JsonObject> BuildAsync(string file)
    {
        var (exit, output) = await Tool.RunAsync(BicepCli.Path, "build", file, "--stdout");
        Assert.True(exit == 0, output);
        return JsonNode.Parse(output)!.AsObject();
    }
}
