namespace Strangler.Cli.Commands.Demo;

/// <summary>The monolith's rows the demo's snapshot queued for the projection: what the service's store must reach.</summary>
/// <param name="Customers">Customers rows.</param>
/// <param name="Addresses">Addresses rows (each lands in its customer's document).</param>
internal sealed record SnapshotCounts(int Customers, int Addresses);
