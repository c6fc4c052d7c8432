namespace Strangler.Sync.Backfill;

/// <summary>An event's data does not fit its mapping (missing field); the event is dead-lettered with this message.</summary>
public sealed class EventMappingException(string message) : Exception(message);
