using System.Globalization;
using BenchmarkDotNet.Running;
using Seatwise.Benchmarks.Scale;

// Micro benchmarks: dotnet run -c Release --project tests/Seatwise.Benchmarks -- --filter '*'
// Scale runs:       dotnet run -c Release --project tests/Seatwise.Benchmarks -- collect --users 100000
//                   dotnet run -c Release --project tests/Seatwise.Benchmarks -- pipeline --users 100000 [--no-baseline]
//                   dotnet run -c Release --project tests/Seatwise.Benchmarks -- findings-csv --users 100000
//                   dotnet run -c Release --project tests/Seatwise.Benchmarks -- vendors --users 100000
//                   dotnet run -c Release --project tests/Seatwise.Benchmarks -- api --users 100000
//                   dotnet run -c Release --project tests/Seatwise.Benchmarks -- seats-csv --users 130000 (seat lines of one contract)
//                   dotnet run -c Release --project tests/Seatwise.Benchmarks -- tenants --tenants 50 --users 2000 [--slots 8]
if (args.Length > 0 && args[0] == "tenants")
{
    int Option(string name, int fallback) => Array.IndexOf(args, name) is >= 0 and var i && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
    return await TenantsBenchmark.RunAsync(Option("--tenants", 50), Option("--users", 2_000), Option("--slots", 0));
}

if (args.Length > 0 && args[0] is "collect" or "pipeline" or "findings-csv" or "vendors" or "api" or "seats-csv")
{
    var users = args.Length > 2 && args[1] == "--users" ? int.Parse(args[2], CultureInfo.InvariantCulture) : 100_000;
    return args[0] switch
    {
        "collect" => await CollectBenchmark.RunAsync(users),
        "pipeline" => await PipelineBenchmark.RunAsync(users, baseline: !args.Contains("--no-baseline")),
        "vendors" => await VendorsBenchmark.RunAsync(users),
        "api" => await ApiBenchmark.RunAsync(users),
        "seats-csv" => await SeatsCsvBenchmark.RunAsync(users),
        _ => await FindingsCsvBenchmark.RunAsync(users),
    };
}

BenchmarkSwitcher.FromAssembly(typeof(CollectBenchmark).Assembly).Run(args);
return 0;
