using Strangler.Cli.Commands;
using Strangler.Sync.DeadLetters;

namespace Strangler.Cli.Tests.Commands;

/// <summary>
/// <c>strangler dlq replay</c> reads the topic twice (it checks everything first, then sends as it reads again). Dead
/// letters the topic's retention removes between the two reads are gone: the replay says how many, instead of printing
/// only how many it sent. librdkafka's mock cluster cannot delete records (DeleteRecords: "Required feature not
/// supported by broker"), so this checks the count the first read keeps and what a shorter second read is told.
/// </summary>
public sealed class DlqReplayRetentionTests
{
    private const string Topic = "legacy.dbo.Customers.dlq";

    [Fact]
    public void A_replay_that_sent_fewer_than_the_first_read_meant_says_how_many_were_lost()
    {
        var plan = DlqSelection.Decide(Letters(4), []);

        Assert.Equal(4, plan.Count);
        Assert.Null(DlqSelection.Shortfall(plan, 4, Topic));
        Assert.Equal(
            "2 of the 4 dead letter(s) checked were gone from legacy.dbo.Customers.dlq when the replay read it again (the topic's " +
            "retention removed them meanwhile, oldest first); they were not replayed. Raise the dead-letter topic's retention.ms so " +
            "that dead letters outlive the time it takes to fix their cause.",
            DlqSelection.Shortfall(plan, 2, Topic));
    }

    [Fact]
    public void With_offsets_the_count_is_of_the_dead_letters_named()
    {
        var plan = DlqSelection.Decide(Letters(4), DlqSelection.Parse(["0@1", "0@3"]));

        Assert.Equal(2, plan.Count);
        Assert.Null(DlqSelection.Shortfall(plan, 2, Topic));
        Assert.StartsWith("1 of the 2 dead letter(s) checked", DlqSelection.Shortfall(plan, 1, Topic), StringComparison.Ordinal);
    }

    private static IEnumerable<DeadLetterRecord> Letters(int count) => Enumerable.Range(0, count).Select(offset => new DeadLetterRecord
    {
        Topic = Topic, Partition = 0, Offset = offset, Timestamp = DateTimeOffset.UnixEpoch, Reason = "bad",
        SourceTopic = "legacy.dbo.Customers", SourcePartition = 0, SourceOffset = offset,
    });
}
