using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/MySqlRender.Benchmarks -- --filter '*' --job short
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
