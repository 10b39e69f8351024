using Seatwise.Local;
using Microsoft.Extensions.Options;
using Seatwise.Local.Azurite;

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

settings.AzuriteLocation = Path.Combine(SafeRepoRoot(), ".seatwise", "azurite");
LocalHost host;
try
{
    host = await LocalHost.StartAsync(settings, message => Console.WriteLine(message));
}
catch (Exception ex) when (ex is AzuriteException or IOException or InvalidOperationException or OptionsValidationException)
{
    Console.Error.WriteLine($"seatwise: cannot start: {ex.Message}");
    return 1;
}

await using (host)
{
    Console.WriteLine($"Seatwise is listening on {host.BaseAddress}api/ (health: {host.BaseAddress}api/health). Press Ctrl+C to stop.");
    if (settings.Demo)
    {
        Console.WriteLine("Demo mode: the embedded demo tenant arrives with the demo issue; this build serves the empty host.");
    }

    await host.WaitForShutdownAsync();
    Console.WriteLine("Stopping...");
}

return 0;

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
