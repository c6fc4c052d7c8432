using Confluent.Kafka;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Strangler.Configuration;
using Strangler.Sync.Hosting;

namespace Strangler.Sync.Projection;

/// <summary>
/// What one configured projection would do with one Debezium message, worked out by the pipeline's own code and
/// written nowhere: the writes it would give the store, or the reason it would dead-letter the message. For
/// <c>strangler cdc decode --projection</c>: a team tries its projection's settings on a message without Kafka,
/// Debezium or a store.
/// </summary>
public sealed class ProjectionTrial
{
    // The echo filter asks the legacy database which transactions the backfill wrote; a trial asks nothing, so only
    // the SQLite capture's own mark makes a change an echo.
    private static readonly IReadOnlySet<string> NoTransactionsLookedUp = new HashSet<string>();

    private readonly ChangeProjector _projector;
    private readonly MappedColumnCheck _mappedColumns;

    private ProjectionTrial(ProjectionOptions projection)
    {
        _projector = new ChangeProjector(projection);
        _mappedColumns = new MappedColumnCheck(projection);
    }

    /// <summary>The topic of the projection's root table, which names the table of a message that does not name it.</summary>
    public string RootTopic => _projector.Projection.Root.Topic;

    /// <summary>
    /// The projection named <paramref name="name"/> in <c>Strangler:Sync:Projections</c> of
    /// <paramref name="configuration"/>, read and checked as the sync worker reads and checks it.
    /// </summary>
    /// <exception cref="OptionsValidationException">A projection setting is wrong, or none is named so (the error lists those that are).</exception>
    public static ProjectionTrial For(IConfiguration configuration, string name)
    {
        var section = configuration.GetSection(SyncOptions.SectionName);
        var projections = (section.Get<SyncOptions>() ?? new SyncOptions()).Projections;
        var errors = new List<string>(ProjectionValidator.Validate(projections));
        errors.AddRange(BareDurations.Problems(section, typeof(SyncOptions)));
        if (ConfiguredProjection.Problem(projections, name) is { } unknown)
        {
            errors.Add(unknown);
        }

        if (errors.Count > 0)
        {
            throw new OptionsValidationException(SyncOptions.SectionName, typeof(SyncOptions), errors);
        }

        return new ProjectionTrial(projections.First(p => p.Name == name));
    }

    /// <summary>Decodes and projects one message as the pipeline would, consumed from <paramref name="topic"/>.</summary>
    /// <param name="topic">The topic it came from; names the table when the message does not.</param>
    /// <param name="key">The message key (JSON), or null when not given: the pipeline dead-letters a change without one.</param>
    /// <param name="value">The message value (JSON), or null for a tombstone.</param>
    public ProjectionTrialResult Run(string topic, byte[]? key, byte[]? value)
    {
        // Partition 0, offset 0: where a reason names the message, and the fallback position of one that has none.
        var message = new ConsumeResult<byte[]?, byte[]?>
        {
            Topic = topic,
            Partition = new Partition(0),
            Offset = new Offset(0),
            Message = new Message<byte[]?, byte[]?> { Key = key, Value = value },
        };
        if (ProjectionHandler.Decode(message, out var undecodable) is not { } change)
        {
            return new ProjectionTrialResult { DeadLetterReason = undecodable };
        }

        var warnings = new List<string>();
        if (HandWrittenKeyCheck.Problem(change) is { } keyProblem)
        {
            warnings.Add(keyProblem);
        }

        try
        {
            var echo = ProjectionHandler.IsEcho(change, NoTransactionsLookedUp);
            var writes = ProjectionHandler.Writes(_projector, _mappedColumns, change, echo, warnings.Add);
            return new ProjectionTrialResult { Writes = ProjectionTrialJson.Format(_projector.Projection, change, echo, writes), Warnings = warnings };
        }
        catch (ProjectionException ex)
        {
            return new ProjectionTrialResult { DeadLetterReason = ex.Message, Warnings = warnings };
        }
    }
}
