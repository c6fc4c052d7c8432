namespace Strangler.Sync.Backfill;

/// <summary>
/// A legacy write failed in a way a retry may fix. It carries only the described error, not the driver's exception:
/// the consumer logs what it catches, inner exceptions included, and the driver's message may quote row values. The
/// driver's error kind (<see cref="Metrics.ErrorKind"/>) is kept for <c>/readyz</c>, which shows no message at all.
/// </summary>
internal sealed class LegacyWriteException(string message, string kind) : Exception(message)
{
    /// <summary>The driver's error by kind only, e.g. <c>PostgresException 55P03</c>.</summary>
    public string Kind => kind;
}
