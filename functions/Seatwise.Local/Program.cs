using Seatwise.Local;
using Microsoft.Extensions.Options;
using Seatwise.DemoTenant;
using Seatwise.Local.Azurite;
using Seatwise.Local.Demo;

var (settings, error, help) = LocalHostSettings.Parse(args);
if (help)
{
    Console.WriteLine(LocalHostSettings.Usage);
    return 0;
}

if (settings is null)
{
    Console.Error.WriteLine($"seatwise: {error} Use --help for the options.");
    return 2;
}

settings.RepoRoot = SafeRepoRoot();
settings.AzuriteLocation = settings.AzuriteFolder(settings.RepoRoot);
if (settings.AzuriteLocation is null)
{
    Console.WriteLine($"Demo of {settings.DemoUsers:N0} users: Azurite keeps its data in memory (on disk it holds demos up to {LocalHostSettings.LargestDemoOnDisk:N0} users); nothing is kept after Seatwise stops.");
}

var started = System.Diagnostics.Stopwatch.StartNew();
DemoTenantServer? demo = null;
IReadOnlyList<DemoMode.ExtraTenant> extraTenants = [];
LocalHost host;
try
{
    if (settings.Demo)
    {
        demo = await DemoMode.StartTenantAsync(settings, Console.Out);
        extraTenants = await DemoMode.StartExtraTenantsAsync(settings, Console.Out);
        if (settings.Port != 0)
        {
            settings.Settings.TryAdd("Alerts:DashboardUrl", $"http://127.0.0.1:{settings.Port}/api/dashboard");
        }
    }

    host = await LocalHost.StartAsync(settings, message => Console.WriteLine(message));
}
catch (Exception ex) when (ex is AzuriteException or IOException or InvalidOperationException or OptionsValidationException)
{
    Console.Error.WriteLine($"seatwise: cannot start: {ex.Message}");
    await DisposeDemosAsync(demo, extraTenants);
    return 1;
}

await using (host)
{
    Console.WriteLine($"Seatwise is listening on {host.BaseAddress}api/ (health: {host.BaseAddress}api/health, dashboard: {host.BaseAddress}api/dashboard).");
    if (demo is not null)
    {
        try
        {
            await host.DurableReady;
            await DemoMode.RunAsync(host, demo, settings, Console.Out, CancellationToken.None, extraTenants);
            Console.WriteLine($"Demo ready in {started.Elapsed.TotalSeconds:0} s.");
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or System.Text.Json.JsonException)
        {
            Console.Error.WriteLine($"seatwise: the demo run did not complete: {ex.Message}");
        }
    }
    else
    {
        Console.WriteLine("Press Ctrl+C to stop.");
    }

    await host.WaitForShutdownAsync();
    Console.WriteLine("Stopping...");
}

await DisposeDemosAsync(demo, extraTenants);
return 0;

static async Task DisposeDemosAsync(DemoTenantServer? demo, IReadOnlyList<DemoMode.ExtraTenant> extras)
{
    if (demo is not null)
    {
        await demo.DisposeAsync();
    }

    foreach (var extra in extras)
    {
        await extra.Server.DisposeAsync();
    }
}

static string SafeRepoRoot()
{
    try
    {
        return ToolsLocator.FindRepoRoot();
    }
    catch (AzuriteException)
    {
        return Directory.GetCurrentDirectory();
    }
}
