using Samples.LegacyMonolith;

await LegacyMonolithApp.Build(args).RunAsync();
