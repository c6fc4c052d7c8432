using System.Globalization;
using Strangler.Sync.DeadLetters;

namespace Strangler.Cli.Commands;

/// <summary>
/// Which dead letters <c>strangler dlq replay --offset</c> means: <c>partition@offset</c>, as <c>dlq list</c> prints
/// them, or a bare offset when it names one dead letter only. A dead-letter topic has several partitions, and a bare
/// offset used to replay the dead letter at that offset in every one of them.
/// </summary>
internal static class DlqSelection
{
    /// <summary>A dead letter named on the command line: its partition when given, and its offset.</summary>
    internal sealed record Wanted(string Text, int? Partition, long Offset);

    /// <summary>
    /// What a first read of the topic decided: where each partition ended (the replay reads up to there and no
    /// further, so what it replays is what was checked) and, with <c>--offset</c>, which dead letters.
    /// </summary>
    internal sealed class Plan(IReadOnlyDictionary<int, long> ends, IReadOnlySet<(int Partition, long Offset)>? selected, long count)
    {
        /// <summary>Each partition's offset after the last dead letter read in it.</summary>
        public IReadOnlyDictionary<int, long> Ends => ends;

        /// <summary>
        /// How many dead letters were checked and meant: every one read, or those <c>--offset</c> named. A replay that
        /// sends fewer lost some to the topic's retention between the two reads.
        /// </summary>
        public long Count => count;

        /// <summary>Whether <paramref name="record"/> is to be replayed.</summary>
        public bool Includes(DeadLetterRecord record) => selected is null || selected.Contains((record.Partition, record.Offset));
    }

    /// <summary>Reads the <c>--offset</c> values, before anything is read from Kafka.</summary>
    /// <exception cref="InvalidOperationException">A value is neither <c>partition@offset</c> nor an offset.</exception>
    public static IReadOnlyList<Wanted> Parse(IReadOnlyList<string> values) =>
    [
        .. values.Select(value =>
        {
            var at = value.IndexOf('@', StringComparison.Ordinal);
            return at < 0
                ? new Wanted(value, null, Number(value, value))
                : new Wanted(value, (int)Math.Min(Number(value[..at], value), int.MaxValue), Number(value[(at + 1)..], value));
        }),
    ];

    /// <summary>
    /// Goes through <paramref name="records"/> once, keeping only coordinates (a topic of a million dead letters is
    /// never held): the ones <paramref name="wanted"/> names, all when it is empty, each checked with
    /// <see cref="DeadLetterReplayer.Refusal"/> before anything is replayed.
    /// </summary>
    /// <exception cref="InvalidOperationException">A value names no dead letter, a bare offset names several, or a
    /// dead letter meant cannot be replayed; nothing was.</exception>
    public static Plan Decide(IEnumerable<DeadLetterRecord> records, IReadOnlyList<Wanted> wanted)
    {
        var ends = new Dictionary<int, long>();
        var matches = wanted.Select(_ => new List<(int Partition, long Offset, string? Refusal)>()).ToList();
        var count = 0L;
        var first = new List<string>();
        foreach (var record in records)
        {
            ends[record.Partition] = Math.Max(ends.GetValueOrDefault(record.Partition), record.Offset + 1);
            count++;
            if (first.Count < 10)
            {
                first.Add(Where(record.Partition, record.Offset));
            }

            if (wanted.Count == 0)
            {
                if (DeadLetterReplayer.Refusal(record) is { } refusal)
                {
                    throw new InvalidOperationException(refusal + "; nothing was replayed.");
                }

                continue;
            }

            for (var i = 0; i < wanted.Count; i++)
            {
                if (record.Offset == wanted[i].Offset && (wanted[i].Partition is null || record.Partition == wanted[i].Partition))
                {
                    matches[i].Add((record.Partition, record.Offset, DeadLetterReplayer.Refusal(record)));
                }
            }
        }

        if (wanted.Count == 0)
        {
            return new Plan(ends, null, count);
        }

        var selected = new HashSet<(int Partition, long Offset)>();
        for (var i = 0; i < wanted.Count; i++)
        {
            var found = matches[i];
            if (found.Count == 0)
            {
                var has = count == 0 ? "the topic has none" : $"it has {count}: {string.Join(", ", first)}{(count > first.Count ? ", ..." : "")}";
                throw new InvalidOperationException($"--offset {wanted[i].Text}: no dead letter there ({has}); nothing was replayed.");
            }

            if (found.Count > 1)
            {
                var where = string.Join(", ", found.Select(m => Where(m.Partition, m.Offset)));
                throw new InvalidOperationException(
                    $"--offset {wanted[i].Text} names {found.Count} dead letters ({where}), one per partition: give the one meant as <partition>@<offset>, as 'strangler dlq list' prints it; nothing was replayed.");
            }

            if (found[0].Refusal is { } refusal)
            {
                throw new InvalidOperationException(refusal + "; nothing was replayed.");
            }

            selected.Add((found[0].Partition, found[0].Offset));
        }

        return new Plan(ends, selected, selected.Count);
    }

    /// <summary>
    /// What a replay that sent fewer than <paramref name="plan"/> meant lost, or null when it sent them all. The second
    /// read starts where the topic starts by then: dead letters its retention removed since the first are gone, and a
    /// replay that only said how many it sent hid them.
    /// </summary>
    public static string? Shortfall(Plan plan, long replayed, string topic) =>
        replayed >= plan.Count
            ? null
            : $"{plan.Count - replayed} of the {plan.Count} dead letter(s) checked were gone from {topic} when the replay read it again " +
              "(the topic's retention removed them meanwhile, oldest first); they were not replayed. Raise the dead-letter topic's " +
              "retention.ms so that dead letters outlive the time it takes to fix their cause.";

    private static long Number(string text, string value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidOperationException($"--offset {value}: expected <partition>@<offset> (e.g. 2@0, as 'strangler dlq list' prints it) or an offset; nothing was replayed.");

    private static string Where(int partition, long offset) => string.Create(CultureInfo.InvariantCulture, $"{partition}@{offset}");
}
