namespace Strangler.LegacyDatabase.Migrations;

/// <summary>Migrations refused or failed; the message names the script and what is wrong.</summary>
public sealed class MigrationException(string message, Exception? inner = null) : Exception(message, inner);
