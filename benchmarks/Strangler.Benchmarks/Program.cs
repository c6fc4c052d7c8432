using Strangler.Benchmarks;

return await BenchmarkCommands.RunAsync(args);
