namespace Strangler.LegacyDatabase.Dialects;

/// <summary>The legacy schema lacks a table or column that a write needs; a permanent failure.</summary>
public sealed class LegacySchemaException(string message) : Exception(message);
