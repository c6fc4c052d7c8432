using System.Globalization;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Strangler.Kafka;
using Strangler.Sync.Debezium;
using Strangler.Sync.Projection;

namespace Strangler.Sync.Capture;

/// <summary>
/// Polls the SQLite change table and publishes each change to Kafka as a Debezium SQL Server-format event (position =
/// the change's sequence number), deleting rows only after Kafka acknowledged them: a crash in between republishes,
/// and the projection's position guard ignores the duplicates.
/// </summary>
internal sealed partial class CapturePublisher(
    CaptureOptions options, string bootstrapServers, TimeProvider time, ILogger<CapturePublisher> logger, ILoggerFactory loggers,
    IReadOnlyList<ProjectionOptions>? projections = null) : BackgroundService
{
    private IProducer<byte[], byte[]>? _producer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Fail the host's start, not a background loop, when the capture cannot be installed.
        IReadOnlyList<string> tables;
        using (var connection = Open())
        {
            tables = CaptureTriggerInstaller.Install(connection, options.Tables);
        }

        var config = new ProducerConfig
        {
            BootstrapServers = bootstrapServers, Acks = Acks.All, EnableIdempotence = true, ClientId = "strangler-capture", LingerMs = 5,
        };
        _producer = new ProducerBuilder<byte[], byte[]>(config).LogTo(KafkaClientLog.For(loggers, KafkaLogCategories.SyncProducer, config, time)).Build();
        LogStarted(logger, string.Join(',', tables.Select(options.TopicFor)));
        foreach (var problem in CaptureTopicCheck.Problems(options, tables, projections ?? []))
        {
            LogTopicMismatch(logger, problem);
        }

        return base.StartAsync(cancellationToken);
    }

    public override void Dispose()
    {
        base.Dispose();
        _producer?.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var connection = Open();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await PublishOnceAsync(connection, stoppingToken) < options.BatchSize)
                {
                    await Task.Delay(options.PollInterval, time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is KafkaException or SqliteException)
            {
                LogPublishFailed(logger, ex);
                await Task.Delay(options.PollInterval, time, stoppingToken);
            }
        }
    }

    /// <summary>Publishes up to one batch of changes; returns how many.</summary>
    internal async Task<int> PublishOnceAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var changes = Read(connection);
        if (changes.Count == 0)
        {
            return 0;
        }

        // Produced in sequence order by one idempotent producer: per-key order holds on every partition.
        var deliveries = changes.Select(change => _producer!.ProduceAsync(options.TopicFor(change.Table), ToMessage(change), cancellationToken)).ToList();
        await Task.WhenAll(deliveries);

        using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM {CaptureTriggerInstaller.ChangeTable} WHERE seq <= $max";
        delete.Parameters.AddWithValue("$max", changes[^1].Sequence);
        delete.ExecuteNonQuery();
        LogPublished(logger, changes.Count, changes[^1].Sequence);
        return changes.Count;
    }

    private Message<byte[], byte[]> ToMessage(CapturedChange change)
    {
        var op = change.Op switch
        {
            "c" => ChangeOperation.Create,
            "u" => ChangeOperation.Update,
            _ => ChangeOperation.Delete,
        };
        var value = DebeziumMessageWriter.Value(
            "strangler-capture", options.Database, options.Schema, change.Table, op,
            Row(change.BeforeJson), Row(change.AfterJson), change.Sequence, change.CapturedAt, time.GetUtcNow(), change.Origin);
        return new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(change.KeyJson), Value = value };
    }

    private static Dictionary<string, object?>? Row(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => ValueConverter.Untyped(p.Value), StringComparer.Ordinal);
    }

    private List<CapturedChange> Read(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT seq, table_name, op, key_json, before_json, after_json, captured_at, {CaptureTriggerInstaller.OriginColumn} FROM {CaptureTriggerInstaller.ChangeTable} ORDER BY seq LIMIT $limit";
        command.Parameters.AddWithValue("$limit", options.BatchSize);
        using var reader = command.ExecuteReader();
        var changes = new List<CapturedChange>();
        while (reader.Read())
        {
            changes.Add(new CapturedChange(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                DateTimeOffset.Parse(reader.GetString(6), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                reader.IsDBNull(7) ? null : reader.GetString(7)));
        }

        return changes;
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(options.ConnectionString);
        connection.Open();
        return connection;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SQLite capture publishing changes to {Topics}")]
    private static partial void LogStarted(ILogger logger, string topics);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private static partial void LogTopicMismatch(ILogger logger, string problem);

    [LoggerMessage(Level = LogLevel.Debug, Message = "SQLite capture published {Count} changes up to sequence {Sequence}")]
    private static partial void LogPublished(ILogger logger, int count, long sequence);

    [LoggerMessage(Level = LogLevel.Warning, Message = "SQLite capture could not publish; retrying")]
    private static partial void LogPublishFailed(ILogger logger, Exception exception);
}
