using System.Text.Json;
using System.Xml.Linq;
using Seatwise.Workflows.Api;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Infra.Tests;

/// <summary>The Functions app published once as azd would, for the tests of <see cref="PackageTests"/>.</summary>
public sealed class PublishedPackage : IAsyncLifetime
{
    public string Out { get; } = Path.Combine(Path.GetTempPath(), "seatwise-package-" + Guid.NewGuid().ToString("N")[..8]);

    public string Output { get; private set; } = string.Empty;

    public int ExitCode { get; private set; }

    public async Task InitializeAsync()
    {
        (ExitCode, Output) = await Tool.RunAsync("dotnet", "publish", "functions/Seatwise.Functions", "-c", Tool.Metadata("Configuration"), "-o", Out, "--nologo");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Out))
        {
            Directory.Delete(Out, recursive: true);
        }

        return Task.CompletedTask;
    }
}

/// <summary>Checks the published package is deployable and complete.</summary>
public sealed class PackageTests(PublishedPackage package) : IClassFixture<PublishedPackage>
{
    private readonly string _out = package.Out;
    private readonly string _publishOutput = package.Output;
    private readonly int _exitCode = package.ExitCode;

    [Fact]
    public void Package_IsCompleteAndHasNothingItShouldNot()
    {
        Assert.True(_exitCode == 0, _publishOutput);
        var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "host.json"))).RootElement;
        Assert.Equal("Seatwise", hostJson.GetProperty("extensions").GetProperty("durableTask").GetProperty("hubName").GetString());
        Assert.True(File.Exists(Path.Combine(_out, "extensions.json")));
        Assert.True(File.Exists(Path.Combine(_out, "worker.config.json")));
        Assert.False(File.Exists(Path.Combine(_out, "local.settings.json")));
        Assert.Empty(Directory.GetFiles(_out, "*Tests*.dll"));
        Assert.Empty(Directory.GetFiles(_out, "xunit*.dll"));
        Assert.Empty(Directory.GetFiles(_out, "Seatwise.Local.dll"));

        var names = JsonDocument.Parse(File.ReadAllText(Path.Combine(_out, "functions.metadata"))).RootElement
            .EnumerateArray().Select(f => f.GetProperty("name").GetString()!).ToHashSet();
        var expected = ApiRoutes.All.Select(r => r.Name)
            .Concat(WorkflowRegistry.Orchestrators.Select(o => o.Name))
            .Concat(WorkflowRegistry.Activities.Select(a => a.Name))
            .Concat(WorkflowRegistry.Timers.Select(t => t.Name))
            .ToHashSet();
        Assert.Equal(expected.Order(), names.Order());
    }

    /// <summary>
    /// The worker in Azure, the local host and the pipeline benchmark (which hosts the local host in its process and
    /// reports its memory) run with the same runtime settings, those of functions/HostRuntime.props.
    /// </summary>
    [Fact]
    public void HostProcesses_RunWithTheHostRuntimeSettings()
    {
        Assert.True(_exitCode == 0, _publishOutput);
        var props = XDocument.Load(Path.Combine(Tool.RepoRoot, "functions", "HostRuntime.props"));
        var options = props.Descendants("RuntimeHostConfigurationOption").ToDictionary(o => (string)o.Attribute("Include")!, o => (string)o.Attribute("Value")!);
        Assert.NotEmpty(options);
        var built = Path.Combine("bin", Tool.Metadata("Configuration"), "net10.0");
        string[] configs =
        [
            Path.Combine(_out, "Seatwise.Functions.runtimeconfig.json"),
            Path.Combine(Tool.RepoRoot, "functions", "Seatwise.Local", built, "Seatwise.Local.runtimeconfig.json"),
            Path.Combine(Tool.RepoRoot, "tests", "Seatwise.Benchmarks", built, "Seatwise.Benchmarks.runtimeconfig.json"),
        ];
        foreach (var config in configs)
        {
            var properties = JsonDocument.Parse(File.ReadAllText(config)).RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
            foreach (var (name, value) in options)
            {
                Assert.True(properties.TryGetProperty(name, out var set) && set.ToString() == value, $"{config}: {name} is not {value}");
            }

            Assert.True(properties.TryGetProperty("System.Runtime.TieredCompilation", out var tiered) && !tiered.GetBoolean(), $"{config}: tiered compilation is not off");
            Assert.True(properties.TryGetProperty("System.GC.Server", out var server) && !server.GetBoolean(), $"{config}: not the workstation collector");
        }
    }
}
