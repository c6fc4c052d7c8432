using Confluent.Kafka;

namespace Strangler.Cli.Tests.Campaigns;

/// <summary>One direction of the sync worker under the crash campaign: its settings, its messages, its store.</summary>
internal interface ICampaignTarget
{
    /// <summary>The topic the worker consumes.</summary>
    string Topic { get; }

    /// <summary>The consumer group of the pipeline under test.</summary>
    string GroupId { get; }

    /// <summary>The arguments of <c>strangler sync</c> (configuration) against the broker at <paramref name="bootstrap"/>.</summary>
    string[] WorkerArguments(string bootstrap);

    /// <summary>The message setting row <paramref name="key"/> to <paramref name="version"/>; <paramref name="sequence"/> orders all events.</summary>
    Message<byte[], byte[]> Event(long key, int version, long sequence);

    /// <summary>The version each row holds in the target store, read while no worker runs.</summary>
    Task<IReadOnlyDictionary<long, (int Version, string Name)>> ReadAsync();

    /// <summary>Rows written more than once for the same version, as the store itself recorded it; empty if it cannot tell.</summary>
    Task<IReadOnlyList<string>> AppliedTwiceAsync();

    /// <summary>The name an event gives a row; the final state must carry the last one.</summary>
    static string NameOf(long key, int version) => $"customer {key} v{version}";
}
