using Strangler.Sync.Hosting;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Capture;

/// <summary>
/// Where the SQLite capture and this worker's projections disagree, found at start. Each mistake here used to show
/// only later, or never: a projection reading a topic the capture does not write waits for it (a warning a minute
/// on), a capture writing a topic no projection reads loses nothing visibly, and a <c>Table</c> without the capture's
/// schema dead-letters every change. Warnings, not errors: a capture may feed another worker's projections.
/// </summary>
internal static class CaptureTopicCheck
{
    public static List<string> Problems(CaptureOptions capture, IReadOnlyList<string> tables, IReadOnlyList<ProjectionOptions> projections)
    {
        var problems = new List<string>();
        if (projections.Count == 0)
        {
            // A worker that only captures, for projections that run elsewhere.
            return problems;
        }

        var published = tables.ToDictionary(capture.TopicFor, table => $"{capture.Schema}.{table}", StringComparer.Ordinal);
        var publishedList = string.Join(", ", published.Keys);
        var read = new HashSet<string>(StringComparer.Ordinal);
        foreach (var projection in projections)
        {
            var mappings = new List<(string Key, string Table, string Topic)> { ("Root", projection.Root.Table, projection.Root.Topic) };
            mappings.AddRange(projection.Children.Select((child, i) => ($"Children:{i}", child.Table, child.Topic)));
            foreach (var (key, table, topic) in mappings)
            {
                read.Add(topic);
                var at = $"{SyncOptions.SectionName}:Projections ('{projection.Name}'):{key}";
                if (published.TryGetValue(topic, out var changesOf))
                {
                    if (!string.Equals(table, changesOf, StringComparison.OrdinalIgnoreCase))
                    {
                        problems.Add($"{at}:Table: is '{table}', but the SQLite capture's changes on {topic} name their table '{changesOf}' " +
                            "(schema.table); every change would be dead-lettered");
                    }
                }
                else if (topic.StartsWith(capture.TopicPrefix + ".", StringComparison.Ordinal))
                {
                    var sameButCase = published.Keys.FirstOrDefault(p => string.Equals(p, topic, StringComparison.OrdinalIgnoreCase));
                    problems.Add($"{at}:Topic: the SQLite capture does not publish {topic}" +
                        (sameButCase is null ? "" : $"; did you mean {sameButCase}? Topic names match exactly, case included") +
                        $" (it publishes {publishedList})");
                }
            }
        }

        problems.AddRange(published.Keys.Where(topic => !read.Contains(topic)).Select(topic =>
            $"{SyncOptions.SectionName}:Capture:Tables: the SQLite capture publishes {topic}, which no projection of this worker reads"));
        return problems;
    }
}
