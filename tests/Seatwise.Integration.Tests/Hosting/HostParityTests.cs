using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Seatwise.Integration.Tests.Infrastructure;
using Seatwise.Local.Durable;
using Seatwise.Local.Http;
using Seatwise.Local.Timers;
using Seatwise.Workflows.Hosting;

namespace Seatwise.Integration.Tests.Hosting;

/// <summary>The Functions app and the local host serve the same HTTP routes, orchestrations, activities and timers.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class HostParityTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task FunctionsMetadata_AndLocalHost_ServeTheSameFunctions()
    {
        var app = FunctionsApp();
        var local = await LocalHostFunctionsAsync();

        var differences = HostParity.Compare(app, local);

        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
        Assert.Contains(app, f => f is { Kind: "http", Name: "GetHealth" });
    }

    [Fact]
    public async Task Compare_FunctionAddedToOneHostOnly_IsReported()
    {
        var app = FunctionsApp();
        var local = await LocalHostFunctionsAsync();

        var extraInApp = HostParity.Compare([.. app, new HostFunction("activity", "OnlyInFunctions")], local);
        var extraInLocal = HostParity.Compare(app, [.. local, new HostFunction("http", "OnlyLocal", "GET only-local Function")]);
        var routeChanged = HostParity.Compare(app, local.Select(f => f.Name == "GetHealth" ? f with { Detail = "GET healthz Anonymous" } : f));

        Assert.Equal(["only in the Functions app: activity OnlyInFunctions"], extraInApp);
        Assert.Equal(["only in the local host: http OnlyLocal (GET only-local Function)"], extraInLocal);
        Assert.Equal(2, routeChanged.Count);
    }

    private static IReadOnlyList<HostFunction> FunctionsApp()
    {
        var path = Path.Combine(BuildPaths.FunctionsOutput, "functions.metadata");
        Assert.True(File.Exists(path), $"{path} is missing: build functions/Seatwise.Functions first.");
        return HostParity.ReadFunctionsMetadata(File.ReadAllText(path));
    }

    /// <summary>What the running local host actually maps and registers (not the lists it is built from).</summary>
    private async Task<IReadOnlyList<HostFunction>> LocalHostFunctionsAsync()
    {
        // Timers on, at a schedule that never comes during a test (29 February at midnight).
        await using var host = await TestHosts.StartAsync(azurite, s =>
        {
            s.EnableTimers = true;
            s.Settings[Schedules.SyncKey] = "0 0 0 29 2 *";
            s.Settings[Schedules.DigestKey] = "0 0 0 29 2 *";
            s.Settings[Schedules.TenantTickKey] = "0 0 0 29 2 *";
        });
        var endpoints = host.Services.GetServices<EndpointDataSource>().SelectMany(s => s.Endpoints).OfType<RouteEndpoint>();
        var http = endpoints.Select(e =>
        {
            var name = e.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? e.DisplayName ?? "?";
            var methods = e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? [];
            var route = e.RoutePattern.RawText!.TrimStart('/');
            route = route.StartsWith("api/", StringComparison.Ordinal) ? route[4..] : route;
            var anonymous = e.Metadata.GetMetadata<ApiKeyRequirement>()?.Anonymous ?? true;
            return new HostFunction("http", name, $"{string.Join(",", methods.Order())} {route} {(anonymous ? "Anonymous" : "Function")}");
        });
        var durable = host.Services.GetRequiredService<LocalDurableBackend>().Registered.Select(r => new HostFunction(r.Kind, r.Name));
        var timers = host.Services.GetRequiredService<CronTimerService>().Timers.Select(t => new HostFunction("timer", t.Name, t.BindingExpression));
        return [.. http, .. durable, .. timers];
    }
}
