using BenchmarkDotNet.Running;

// dotnet run -c Release --project tests/Seatwise.Benchmarks -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
