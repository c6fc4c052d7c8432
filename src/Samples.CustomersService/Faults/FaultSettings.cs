namespace Samples.CustomersService.Faults;

/// <summary>The fault switch's body: the share of requests (0..100) that fail.</summary>
internal sealed record FaultSettings(int? FailPercent);
