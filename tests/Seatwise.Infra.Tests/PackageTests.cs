using System.Text.Json;
using Seatwise.Workflows.Api;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Infra.Tests;

/// <summary>Publishes the Functions app as azd would and checks the package is deployable and complete.</summary>
public sealed class PackageTests : IAsyncLifetime
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "seatwise-package-" + Guid.NewGuid().ToString("N")[..8]);
    private string _publishOutput = string.Empty;
    private int _exitCode;

    public async Task InitializeAsync()
    {
        (_exitCode, _publishOutput) = await Tool.RunAsync("dotnet", "publish", "functions/Seatwise.Functions", "-c", Tool.Metadata("Configuration"), "-o", _out, "--nologo");
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }

        return Task.CompletedTask;
    }

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
}
