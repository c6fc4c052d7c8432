using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Turns one domain event type into legacy row writes. Declare mappings in configuration
/// (<see cref="EventMappingOptions"/>) or, when a declaration cannot say it (several tables, computed values),
/// register a class implementing this interface in DI; a class wins over a declaration of the same type.
/// </summary>
public interface IEventMapping
{
    /// <summary>The event type handled, e.g. <c>CustomerRegistered</c>.</summary>
    string EventType { get; }

    /// <summary>The writes for <paramref name="domainEvent"/>, in order. Throw <see cref="EventMappingException"/> for bad data.</summary>
    IReadOnlyList<RowWrite> Map(DomainEvent domainEvent);
}
