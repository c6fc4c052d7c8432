namespace Strangler.Sync.Backfill;

/// <summary>
/// A legacy write failed in a way a retry may fix. It carries only the described error, not the driver's exception:
/// the consumer logs what it catches, inner exceptions included, and the driver's message may quote row values.
/// </summary>
internal sealed class LegacyWriteException(string message) : Exception(message);
