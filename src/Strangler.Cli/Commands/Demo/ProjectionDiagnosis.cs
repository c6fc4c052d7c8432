using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Strangler.Cli.Commands.Routes;
using Strangler.Gateway;
using Strangler.Kafka;

namespace Strangler.Cli.Commands.Demo;

/// <summary>
/// What a demo whose projection did not arrive in time prints, one line per place a change passes through: the
/// capture's change table (not yet published), each topic partition's end on the mock broker beside the offset the
/// worker's group committed there, and each of the worker's pipelines as its status reports it (applied, dead-lettered,
/// lag, Kafka's last error), then the store. A bare timeout left a rare hold under load with nothing to read.
/// Each part that cannot be read says why and the others are still printed.
/// </summary>
internal static class ProjectionDiagnosis
{
    private const string ChangeTable = "strangler_capture_changes";
    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(5);

    public static async Task<string> DescribeAsync(DemoEnvironment demo, SnapshotCounts held, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        text.AppendLine(Invariant($"  store (GET /customers): {held.Customers} customers, {held.Addresses} addresses"));
        text.AppendLine("  capture: " + await Try(() => CaptureBacklogAsync(demo.LegacyConnectionString, cancellationToken)));
        var statusUrl = new Uri(demo.Sync, StranglerWire.SyncStatus);
        JsonElement? status = null;
        string? statusError = null;
        try
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            status = JsonDocument.Parse(await http.GetStringAsync(statusUrl, cancellationToken)).RootElement;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException && !cancellationToken.IsCancellationRequested)
        {
            statusError = ex.Message;
        }

        var committed = status is { } s ? Committed(s) : [];
        string[] topics = [DemoSyncConfiguration.CustomersTopic, DemoSyncConfiguration.AddressesTopic];
        foreach (var topic in topics)
        {
            text.AppendLine($"  {topic}: " + await Try(() => Task.FromResult(Partitions(demo.KafkaServers, demo.KafkaLoggers, topic, committed))));
        }

        if (status is { } document && document.Get("pipelines") is { ValueKind: JsonValueKind.Array } pipelines)
        {
            foreach (var pipeline in pipelines.EnumerateArray())
            {
                text.AppendLine("  " + Pipeline(pipeline));
            }
        }
        else
        {
            text.AppendLine($"  sync worker status: could not be read ({statusError ?? "no 'pipelines' array"})");
        }

        text.Append(CultureInfo.InvariantCulture, $"See the worker's status at {statusUrl}.");
        return text.ToString();
    }

    private static async Task<string> CaptureBacklogAsync(string connectionString, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT table_name, COUNT(*) FROM {ChangeTable} GROUP BY table_name ORDER BY table_name";
        var waiting = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            waiting.Add(Invariant($"{reader.GetString(0)} {reader.GetInt64(1)}"));
        }

        // The publisher deletes a change once Kafka acknowledged it: what is left has not reached the topic.
        return waiting.Count == 0
            ? "every change published to Kafka"
            : $"changes not yet published to Kafka: {string.Join(", ", waiting)}";
    }

    /// <summary>Each partition's end (the next offset the broker will write) and the worker's committed offset there.</summary>
    private static string Partitions(string bootstrapServers, ILoggerFactory loggers, string topic, Dictionary<(string, int), long?> committed)
    {
        var config = new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "strangler-demo-diagnosis", EnableAutoCommit = false };
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(config).LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.Demo, config)).Build();
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, KafkaTimeout).Topics.SingleOrDefault(t => t.Topic == topic);
        if (metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0)
        {
            return $"no such topic on the broker ({metadata?.Error.Reason ?? "not in its metadata"})";
        }

        return string.Join(", ", metadata.Partitions.OrderBy(p => p.PartitionId).Select(p =>
        {
            var end = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p.PartitionId), KafkaTimeout).High.Value;
            var at = committed.TryGetValue((topic, p.PartitionId), out var offset)
                ? offset is { } o ? o.ToString(CultureInfo.InvariantCulture) : "none"
                : "not reported";
            return Invariant($"[{p.PartitionId}] end {end}, committed {at}");
        }));
    }

    private static Dictionary<(string, int), long?> Committed(JsonElement status)
    {
        var committed = new Dictionary<(string, int), long?>();
        foreach (var offset in status.Get("pipelines").Items().SelectMany(p => p.Get("committedOffsets").Items()))
        {
            committed[(offset.Text("topic"), offset.Get("partition").GetInt32())] =
                offset.Get("offset") is { ValueKind: JsonValueKind.Number } value ? value.GetInt64() : null;
        }

        return committed;
    }

    private static string Pipeline(JsonElement p)
    {
        var kafka = p.Get("kafka");
        var lastError = kafka.Get("lastError").ValueKind == JsonValueKind.String
            ? $", Kafka's last error: {kafka.Text("lastError")} ({Text(kafka, "lastErrorReason")}, at {Text(kafka, "lastErrorAt")})"
            : "";
        var reachable = kafka.Get("reachable").ValueKind == JsonValueKind.False ? ", Kafka unreachable" : "";
        return $"{Text(p, "name")} ({Text(p, "kind")}): applied {Text(p, "applied")}, skipped {Text(p, "skipped")}, " +
            $"dead-lettered {Text(p, "deadLettered")}, retried {Text(p, "retried")}, partitions {Text(p, "partitions")}, " +
            $"messages waiting {Text(p, "consumerLag")}, lag {Text(p, "lagSeconds")} s, " +
            $"last commit {Text(p, "sinceProgressSeconds")} s ago, stalled {Text(p, "stalled")}{reachable}{lastError}";
    }

    // The CLI's lenient read (Routes/Json.cs), with a field the status lacks or leaves null shown as such.
    private static string Text(JsonElement element, string property) =>
        element.Text(property) is { Length: > 0 } text ? text : "n/a";

    private static async Task<string> Try(Func<Task<string>> read)
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is SqliteException or KafkaException or InvalidOperationException)
        {
            return $"could not be read ({ex.Message})";
        }
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
