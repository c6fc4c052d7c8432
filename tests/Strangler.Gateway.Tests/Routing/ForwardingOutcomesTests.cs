using Strangler.Gateway.Routing;

namespace Strangler.Gateway.Tests.Routing;

public sealed class ForwardingOutcomesTests
{
    [Fact]
    public void Add_AttemptAndFallback_KeepsBothInOrder()
    {
        var outcomes = new ForwardingOutcomes();
        outcomes.Add("customers", Side.New, 503);
        outcomes.Add("customers", Side.Legacy, 200);

        Assert.Equal(2, outcomes.Count);
        Assert.Equal(("customers", Side.New, 503), outcomes[0]);
        Assert.Equal(("customers", Side.Legacy, 200), outcomes[1]);
    }

    [Fact]
    public void Add_BeyondCapacity_KeepsTheFirstTwo()
    {
        var outcomes = new ForwardingOutcomes();
        outcomes.Add("a", Side.New, 500);
        outcomes.Add("a", Side.Legacy, 500);
        outcomes.Add("a", Side.Legacy, 200);

        Assert.Equal(ForwardingOutcomes.Capacity, outcomes.Count);
        Assert.Equal(("a", Side.Legacy, 500), outcomes[1]);
    }

    [Fact]
    public void Indexer_PastWhatWasRecorded_Throws()
    {
        var outcomes = new ForwardingOutcomes();
        outcomes.Add("a", Side.Legacy, 200);

        Assert.Throws<ArgumentOutOfRangeException>(() => outcomes[1]);
    }
}
