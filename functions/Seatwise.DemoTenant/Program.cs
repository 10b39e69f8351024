using System.Globalization;
using Seatwise.DemoTenant;
using Seatwise.DemoTenant.Generation;

// Standalone: dotnet run --project functions/Seatwise.DemoTenant -- [--port 5055] [--users 500] [--seed 42] [--stats]
var port = 5055;
var options = new DemoTenantOptions();
var stats = args.Contains("--stats");
args = [.. args.Where(a => a != "--stats")];
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
            Console.Error.WriteLine($"Unknown option {args[i]}; use --port, --users, --seed.");
            return 2;
    }
}

if (stats)
{
    Console.Write(DemoStatistics.Describe(new DemoTenantState(options)));
    return 0;
}

await using var server = await DemoTenantServer.StartAsync(options, port);
Console.WriteLine($"Demo tenant ({options.Users} users, seed {options.Seed}) serving Graph at {server.GraphBaseUrl}. Ctrl+C stops it.");
// The web host's console lifetime turns Ctrl+C and SIGTERM into a shutdown request.
await server.WaitForShutdownAsync();
return 0;
