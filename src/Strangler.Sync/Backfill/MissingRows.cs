using Strangler.LegacyDatabase.Dialects;

namespace Strangler.Sync.Backfill;

/// <summary>
/// Which events of one batch cannot be applied because an update of theirs finds no row, decided as if the events were
/// applied one by one: a row is absent when the engine said so (see <see cref="Learn"/>) or when an earlier write of
/// the batch deleted it, present again once an upsert wrote it. So an update after an upsert of its row in the same
/// batch finds it, and an upsert after a failed update of the same missing row still inserts it. Without this, a
/// missing row failed the whole batch's transaction and the handler bisected the batch, about log2(n) rolled-back
/// transactions per missing row.
/// </summary>
/// <param name="units">Per event, the unit it fails with (null: each event on its own).</param>
internal sealed class MissingRows(IReadOnlyList<int>? units)
{
    private readonly HashSet<string> _absent = new(StringComparer.Ordinal);
    private readonly Dictionary<int, LegacyRowMissingException> _failed = [];

    /// <summary>The events that cannot be applied, by index, each with the row it found missing.</summary>
    public IReadOnlyDictionary<int, LegacyRowMissingException> Failed => _failed;

    /// <summary>
    /// Takes in the keys the engine found without a row (absent when the batch began: updates of a row come before
    /// its other writes in a plan). False when it names none not known already: then re-planning would change nothing,
    /// and the failure stands (a trigger or a policy that skipped rows, keys the engine gives back in another form).
    /// </summary>
    public bool Learn(LegacyRowMissingException missing)
    {
        var learned = false;
        foreach (var key in missing.Keys)
        {
            learned |= _absent.Add(RowRef(missing.Table, key));
        }
        return learned;
    }

    /// <summary>
    /// Replays <paramref name="writes"/> (the batch's writes without the failed events', in order) and fails the first
    /// event whose update finds its row absent, with every event of its unit. Returns whether it failed one: the caller
    /// then plans again without it, since its other writes no longer happen and may have been what a later one needed.
    /// </summary>
    public bool FailFirstUpdateOfAbsentRow(IEnumerable<(int Event, RowWrite Write)> writes)
    {
        var present = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var (index, write) in writes)
        {
            var row = RowRef(write.Table, WritePlanner.KeyText(write.Key));
            switch (write.Operation)
            {
                case WriteOperation.Upsert:
                    present[row] = true;
                    break;
                case WriteOperation.Delete:
                    present[row] = false;
                    break;
                case WriteOperation.Update when !present.GetValueOrDefault(row, !_absent.Contains(row)):
                    Fail(index, new LegacyRowMissingException(write.Table, write.KeyColumn, [WritePlanner.KeyText(write.Key)]));
                    return true;
            }
        }
        return false;
    }

    private void Fail(int index, LegacyRowMissingException missing)
    {
        _failed[index] = missing;
        if (units is null)
        {
            return;
        }
        for (var i = 0; i < units.Count; i++)
        {
            if (units[i] == units[index])
            {
                _failed.TryAdd(i, missing);
            }
        }
    }

    /// <summary>A row's identity across a batch: table and key text (so 42 and "42" are one row).</summary>
    internal static string RowRef(string table, string keyText) => table + "|" + keyText;
}
