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

    /// <summary>The records <paramref name="wanted"/> names, in the order read; all of them when it is empty.</summary>
    /// <exception cref="InvalidOperationException">A value names no dead letter, or a bare offset names several.</exception>
    public static IReadOnlyList<DeadLetterRecord> Select(IReadOnlyList<DeadLetterRecord> records, IReadOnlyList<Wanted> wanted)
    {
        if (wanted.Count == 0)
        {
            return records;
        }

        var selected = new HashSet<DeadLetterRecord>(ReferenceEqualityComparer.Instance);
        foreach (var one in wanted)
        {
            var matches = records.Where(r => r.Offset == one.Offset && (one.Partition is null || r.Partition == one.Partition)).ToList();
            if (matches.Count == 0)
            {
                throw new InvalidOperationException($"--offset {one.Text}: no dead letter there ({Count(records)}); nothing was replayed.");
            }

            if (matches.Count > 1)
            {
                var where = string.Join(", ", matches.Select(Where));
                throw new InvalidOperationException(
                    $"--offset {one.Text} names {matches.Count} dead letters ({where}), one per partition: give the one meant as <partition>@<offset>, as 'strangler dlq list' prints it; nothing was replayed.");
            }

            selected.Add(matches[0]);
        }

        return [.. records.Where(selected.Contains)];
    }

    private static long Number(string text, string value) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)
            ? number
            : throw new InvalidOperationException($"--offset {value}: expected <partition>@<offset> (e.g. 2@0, as 'strangler dlq list' prints it) or an offset; nothing was replayed.");

    private static string Where(DeadLetterRecord record) => string.Create(CultureInfo.InvariantCulture, $"{record.Partition}@{record.Offset}");

    private static string Count(IReadOnlyList<DeadLetterRecord> records) =>
        records.Count == 0 ? "the topic has none" : $"it has {records.Count}: {string.Join(", ", records.Take(10).Select(Where))}{(records.Count > 10 ? ", ..." : "")}";
}
