using Strangler.Sync.Debezium;

namespace Strangler.Sync.Stores;

/// <summary>
/// One guarded change to a document store. Every write carries the source position of the change that caused it;
/// a store applies it only if the position is after the one recorded on the document or item it touches.
/// </summary>
/// <param name="Position">The source position of the causing change.</param>
internal abstract record DocumentWrite(SourcePosition Position);

/// <summary>Sets fields of the document <paramref name="Id"/> (creating it if absent); other fields and arrays stay.</summary>
internal sealed record UpsertDocument(object Id, IReadOnlyDictionary<string, object?> Fields, SourcePosition Position) : DocumentWrite(Position);

/// <summary>
/// Deletes the document <paramref name="Id"/>: it becomes a tombstone (<c>_deleted: true</c>) holding its position and
/// the time it was written. It also confirms a tombstone the service wrote (<c>_deletedByService</c>).
/// </summary>
internal sealed record DeleteDocument(object Id, SourcePosition Position) : DocumentWrite(Position);

/// <summary>
/// The backfill's own delete of the root row, come back through CDC (an echo of a delete the service made): confirms
/// a tombstone with the legacy position (creating one if the document is gone), so from then on a change not after
/// that position cannot bring it back and a newer one (the key inserted again in the legacy database) can. Never
/// deletes a live document: that is the service's own newer write, which an echo must not undo.
/// </summary>
internal sealed record ConfirmDelete(object Id, SourcePosition Position) : DocumentWrite(Position);

/// <summary>Sets the embedded item <paramref name="ItemKey"/> of array <paramref name="Array"/> in document <paramref name="Id"/>.</summary>
internal sealed record UpsertItem(object Id, string Array, object ItemKey, IReadOnlyDictionary<string, object?> Fields, SourcePosition Position)
    : DocumentWrite(Position);

/// <summary>Deletes an embedded item: it becomes a tombstone item (<c>_deleted: true</c>) holding its position.</summary>
internal sealed record DeleteItem(object Id, string Array, object ItemKey, SourcePosition Position) : DocumentWrite(Position);

/// <summary>
/// The backfill's own delete of a child row, come back through CDC: confirms the tombstone item the service left (or
/// leaves one where the item is gone), like <see cref="ConfirmDelete"/> for documents; never deletes a live item.
/// </summary>
internal sealed record ConfirmItemDelete(object Id, string Array, object ItemKey, SourcePosition Position) : DocumentWrite(Position);

/// <summary>A truncate of the root table: every document older than the position becomes a tombstone (or a confirmed one).</summary>
internal sealed record ClearDocuments(SourcePosition Position) : DocumentWrite(Position);

/// <summary>A truncate of a child table: every item of <paramref name="Array"/> older than the position becomes a tombstone.</summary>
internal sealed record ClearItems(string Array, SourcePosition Position) : DocumentWrite(Position);
