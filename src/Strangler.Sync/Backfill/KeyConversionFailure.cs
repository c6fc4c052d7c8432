using System.Globalization;
using Confluent.Kafka;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Says where a key came from when the legacy database refused it as a number. A subject such as <c>cust-42</c> for a
/// <c>bigint</c> key column was dead-lettered as "22P02: invalid input syntax for type bigint: [redacted]" (SQLite:
/// "datatype mismatch"), which named neither the key, nor that it was the event's subject, nor which column wanted a
/// number, nor the message: the team looked for a bad data field.
/// </summary>
internal static class KeyConversionFailure
{
    /// <summary>
    /// The reason for <paramref name="mapped"/>'s failure when <paramref name="exception"/> is an engine's refusal of a
    /// value as an integer and one of its writes has a key that is not one; null otherwise (another value was at fault).
    /// </summary>
    public static string? Describe(
        Exception exception, MappedEvent mapped, EventMappingOptions? declared, ConsumeResult<byte[]?, byte[]?> message, string error)
    {
        if (!RefusedAsInteger(exception))
        {
            return null;
        }

        var write = mapped.Writes.FirstOrDefault(w => w.Key is string s && !long.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out _));
        if (write is null)
        {
            return null;
        }

        var source = declared is null ? "the event's mapping class"
            : string.IsNullOrEmpty(declared.KeyField) ? "the event's subject (the mapping sets no KeyField)"
            : $"the event's data field '{declared.KeyField}' (its KeyField)";
        return $"the key '{write.Key}' of event {mapped.Event.Id}, taken from {source}, is not an integer, which the key column " +
            $"{write.Table}.{write.KeyColumn} holds (message {message.Topic}[{message.Partition.Value}]@{message.Offset.Value}): {error}";
    }

    // Each engine's "this text is not a number of that type": only these blame the key, never a constraint or a length.
    private static bool RefusedAsInteger(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState == "22P02" && IntegerType(pg.MessageText),
        // SQLITE_MISMATCH: only a rowid alias (INTEGER PRIMARY KEY) refuses text; other columns store it as it is.
        SqliteException sqlite => sqlite.SqliteErrorCode == 20,
        // 8114: error converting to a numeric type; 245: conversion failed when converting the value to data type int.
        SqlException sql => sql.Number is 8114 or 245 && IntegerType(sql.Message),
        _ => false,
    };

    private static bool IntegerType(string message) =>
        message.Contains("bigint", StringComparison.OrdinalIgnoreCase) || message.Contains("integer", StringComparison.OrdinalIgnoreCase)
        || message.Contains("smallint", StringComparison.OrdinalIgnoreCase) || message.Contains("type int", StringComparison.OrdinalIgnoreCase);
}
