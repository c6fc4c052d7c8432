using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>A domain event with the row writes its mapping produced.</summary>
internal sealed record MappedEvent(DomainEvent Event, IReadOnlyList<RowWrite> Writes);
