using System.Data.Common;
using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Strangler.LegacyDatabase.Dialects;
using Strangler.LegacyDatabase.Dialects.Errors;
using Strangler.Sync.Consuming;
using Strangler.Sync.Metrics;

namespace Strangler.Sync.Backfill;

/// <summary>
/// The backfill as a batch handler on the shared Kafka consumer: reads and maps each domain event, applies the batch
/// in one legacy transaction, and on a permanent failure bisects the batch so that only the poison event is
/// dead-lettered while the rest is applied in order. An update that finds no row is not such a failure: the writer
/// reports its event, dead-lettered here, and commits the rest in the same transaction. Transient failures propagate
/// for the consumer to retry.
/// </summary>
internal sealed partial class BackfillHandler(
    BackfillWriter writer,
    IReadOnlyDictionary<string, IEventMapping> mappings,
    MappingSchemaCheck schemaCheck,
    BackfillOptions options,
    SyncMetrics metrics,
    TimeProvider timeProvider,
    ILogger<BackfillHandler> logger) : IBatchHandler
{
    internal const string Kind = "backfill";

    // Each mapping problem is logged once per worker run, not at every event of that mapping.
    private readonly HashSet<string> _reported = new(StringComparer.Ordinal);

    public async Task<BatchOutcome> HandleAsync(IReadOnlyList<ConsumeResult<byte[]?, byte[]?>> batch, CancellationToken cancellationToken)
    {
        var schemaProblems = await SchemaProblemsAsync(cancellationToken);
        var deadLetters = new List<DeadLetter>();
        var items = new List<Item>(batch.Count);
        foreach (var message in batch)
        {
            if (!DomainEventReader.TryRead(message.Message.Value, out var domainEvent, out var error))
            {
                var invalid = new DeadLetter(message, "invalid domain event: " + error, Logged: true);
                LogInvalidEvent(invalid.Source, invalid.Reason);
                deadLetters.Add(invalid);
                continue;
            }
            if (!mappings.TryGetValue(domainEvent!.Type, out var mapping))
            {
                if (options.Unmapped == "skip")
                {
                    metrics.Skipped(options.Pipeline, Kind, 1, domainEvent.Type);
                    continue;
                }
                var unmapped = new DeadLetter(message, $"no mapping for event type '{domainEvent.Type}'", Logged: true);
                LogUnmapped(domainEvent.Id, domainEvent.Type, unmapped.Source, unmapped.Reason);
                deadLetters.Add(unmapped);
                continue;
            }
            if (schemaProblems.TryGetValue(domainEvent.Type, out var mismatch))
            {
                // Logged by the consumer as it is sent: this handler names the mismatch once per run, not per event.
                deadLetters.Add(new DeadLetter(message, $"the backfill mapping of event type '{domainEvent.Type}' does not match the legacy schema: {mismatch}"));
                continue;
            }
            try
            {
                items.Add(new Item(message, new MappedEvent(domainEvent, mapping.Map(domainEvent))));
            }
            catch (EventMappingException ex)
            {
                var unmappable = new DeadLetter(message, "mapping failed: " + ex.Message, Logged: true);
                LogPoison(domainEvent.Id, domainEvent.Type, "(mapping)", unmappable.Source, unmappable.Reason);
                deadLetters.Add(unmappable);
            }
        }
        await ApplyIsolatingPoisonAsync(items, deadLetters, cancellationToken);
        return BatchOutcome.WithDeadLetters(deadLetters);
    }

    private async Task<IReadOnlyDictionary<string, string>> SchemaProblemsAsync(CancellationToken cancellationToken)
    {
        IReadOnlyDictionary<string, string> problems;
        try
        {
            problems = await schemaCheck.ProblemsAsync(cancellationToken);
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            // As a failed write: the consumer retries the batch, and logs this once the legacy database is back.
            throw new LegacyWriteException("the legacy schema check failed: " + DatabaseErrorText.Describe(ex), ErrorKind.Of(ex));
        }
        foreach (var (eventType, problem) in problems)
        {
            if (_reported.Add(problem))
            {
                LogMappingMismatch(eventType, problem);
            }
        }
        return problems;
    }

    private async Task ApplyIsolatingPoisonAsync(List<Item> items, List<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (items.Count == 0)
        {
            return;
        }
        try
        {
            var written = await writer.ApplyAsync(items.Select(i => i.Mapped).ToList(), cancellationToken);
            Count(items, written.Dispositions);
            foreach (var (index, missing) in written.Missing.OrderBy(m => m.Key))
            {
                AddDeadLetter(items[index], missing, deadLetters);
            }
        }
        catch (Exception ex) when (IsPermanent(ex))
        {
            if (items.Count == 1)
            {
                AddDeadLetter(items[0], ex, deadLetters);
                return;
            }
            // Halves in order keep per-aggregate order; each half commits on its own, redelivery stays idempotent.
            var half = items.Count / 2;
            LogSplit(items.Count, DatabaseErrorText.Describe(ex));
            await ApplyIsolatingPoisonAsync(items[..half], deadLetters, cancellationToken);
            await ApplyIsolatingPoisonAsync(items[half..], deadLetters, cancellationToken);
        }
        catch (DbException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LegacyWriteException("the legacy write failed: " + DatabaseErrorText.Describe(ex), ErrorKind.Of(ex));
        }
    }

    private void AddDeadLetter(Item item, Exception exception, List<DeadLetter> deadLetters)
    {
        var (message, mapped) = item;
        var tables = string.Join(", ", mapped.Writes.Select(w => w.Table).Distinct());
        // The reason is logged and kept with the dead letter: the engines' messages quote row values, this does not.
        var error = DatabaseErrorText.Describe(exception);
        var declared = mappings[mapped.Event.Type] is DeclaredEventMapping ? options.Mappings[mapped.Event.Type] : null;
        var reason = KeyConversionFailure.Describe(exception, mapped, declared, message, error) ?? error;
        var letter = new DeadLetter(message, $"permanent failure writing {tables}: {reason}", Logged: true);
        LogPoison(mapped.Event.Id, mapped.Event.Type, tables, letter.Source, letter.Reason);
        deadLetters.Add(letter);
    }

    private bool IsPermanent(Exception exception) => exception is not OperationCanceledException &&
        (exception is ArgumentException || writer.Dialect.Classify(exception) == FailureKind.Permanent);

    private void Count(List<Item> items, IReadOnlyList<EventDisposition> dispositions)
    {
        var now = timeProvider.GetUtcNow();
        for (var i = 0; i < items.Count; i++)
        {
            var domainEvent = items[i].Mapped.Event;
            if (dispositions[i] == EventDisposition.RowMissing)
            {
                continue;
            }
            if (dispositions[i] == EventDisposition.Applied)
            {
                metrics.Applied(options.Pipeline, Kind, 1, domainEvent.Type);
                metrics.Lag(options.Pipeline, Kind, now - domainEvent.Time, domainEvent.Type);
            }
            else
            {
                metrics.Skipped(options.Pipeline, Kind, 1, domainEvent.Type);
            }
        }
    }

    // The one line of a dead letter of the backfill (the consumer does not log it again): what it is, where it is as
    // `strangler dlq list` prints it, and the reason the dead letter keeps.
    [LoggerMessage(Level = LogLevel.Error, Message = "Backfill dead-lettered event {EventId} ({EventType}) for table {Table} at {Source}: {Reason}")]
    private partial void LogPoison(string eventId, string eventType, string table, string source, string reason);

    // Each split costs a rolled-back transaction and two more: worth seeing when a batch keeps splitting.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Backfill batch of {Count} events failed permanently, retrying it in halves to isolate the failing event: {Reason}")]
    private partial void LogSplit(int count, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backfill mapping of event type {EventType} does not match the legacy schema; its events are dead-lettered until the setting or the schema is fixed: {Problem}")]
    private partial void LogMappingMismatch(string eventType, string problem);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backfill dead-lettered a message at {Source}: {Reason}")]
    private partial void LogInvalidEvent(string source, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Backfill dead-lettered event {EventId} ({EventType}) at {Source}: {Reason}")]
    private partial void LogUnmapped(string eventId, string eventType, string source, string reason);

    private sealed record Item(ConsumeResult<byte[]?, byte[]?> Message, MappedEvent Mapped);
}
