using System.Globalization;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;

// Standalone: dotnet run --project functions/Seatwise.DemoTenant -- [--port 5055] [--users 500] [--seed 42] [--stats]
//   [--print-settings] [--seat-export FILE]
// --print-settings prints the host settings that point Seatwise at this tenant (one "setting Key=Value" line each);
// --seat-export writes the demo's Adobe seat export to FILE. Benchmarks use both to run the tenant in its own process.
var port = 5055;
var options = new DemoTenantOptions();
var stats = args.Contains("--stats");
var printSettings = args.Contains("--print-settings");
string? seatExport = null;
var export = Array.IndexOf(args, "--seat-export");
if (export >= 0 && export + 1 < args.Length)
{
    seatExport = args[export + 1];
    args = [.. args.Take(export), .. args.Skip(export + 2)];
}

args = [.. args.Where(a => a is not ("--stats" or "--print-settings"))];
for (var i = 0; i + 1 < args.Length; i += 2)
{
    var value = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
    switch (args[i])
    {
        case "--port":
            port = value;
            break;
        case "--users":
            options = options with { Users = value };
            break;
        case "--seed":
            options = options with { Seed = value };
            break;
        default:
            Console.Error.WriteLine($"Unknown option {args[i]}; use --port, --users, --seed, --stats, --print-settings, --seat-export FILE.");
            return 2;
    }
}

if (stats)
{
    Console.Write(DemoStatistics.Describe(new DemoTenantState(options)));
    return 0;
}

await using var server = await DemoTenantServer.StartAsync(options, port);
if (seatExport is not null)
{
    await File.WriteAllTextAsync(seatExport, DemoSeatExport.AdobeCsv(server.State));
}

if (printSettings)
{
    Console.WriteLine($"setting Graph:BaseUrl={server.GraphBaseUrl}");
    foreach (var (key, value) in server.VendorSettings())
    {
        Console.WriteLine($"setting {key}={value}");
    }
}

Console.WriteLine($"Demo tenant ({options.Users} users, seed {options.Seed}) serving Graph at {server.GraphBaseUrl}. Ctrl+C stops it.");
// The web host's console lifetime turns Ctrl+C and SIGTERM into a shutdown request.
await server.WaitForShutdownAsync();
return 0;
