using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Tests.Fleet;

// A gateway refused for a replica id in use writes nothing to the store; its log line says how to get another id.
public sealed class ReplicaIdAdviceTests
{
    [Fact]
    public void AnExplicitIdInUse_NamesThisGatewaysDefault_AndHowToSetOne()
    {
        Assert.Equal("this gateway's default would be web-b-8080; to set one, --Strangler:Gateway:Fleet:ReplicaId=<id> on the command line, "
            + "or Strangler__Gateway__Fleet__ReplicaId=<id> in the environment; strangler routes replicas lists the ids in use",
            ReplicaIdAdvice.HowToPickAnother("gw-1", "web-b-8080"));
    }

    // Two hosts under one name listening on the same ports get the same default: leaving the id unset cannot help.
    [Fact]
    public void TheDefaultIdInUse_SaysToSetOne()
    {
        Assert.StartsWith("this gateway's default is that same id (two hosts under one name?), so set one: --Strangler:Gateway:Fleet:ReplicaId=<id>",
            ReplicaIdAdvice.HowToPickAnother("web-a-8080", "web-a-8080"));
    }
}
