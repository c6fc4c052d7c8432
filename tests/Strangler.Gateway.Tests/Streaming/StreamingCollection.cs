namespace Strangler.Gateway.Tests.Streaming;

/// <summary>Runs alone: its tests measure the process' live heap, which parallel tests would disturb.</summary>
[CollectionDefinition(nameof(StreamingCollection), DisableParallelization = true)]
public sealed class StreamingCollection;
