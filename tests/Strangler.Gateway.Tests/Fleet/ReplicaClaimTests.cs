using Strangler.Gateway.Fleet;

namespace Strangler.Gateway.Tests.Fleet;

/// <summary>
/// Who may take a replica id's heartbeat row. The cases a store test cannot reach without a second host: a holder with
/// this host and this very pid is a previous run (a container restarted in place is pid 1 again) only at the first
/// claim, or two containers given one host name would take the row from each other at every beat.
/// </summary>
public sealed class ReplicaClaimTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(15);

    private static readonly ReplicaRun Me = ReplicaRun.Start(TimeProvider.System) with
    {
        Host = "web-a",
        ProcessId = 1,
        ProcessAlive = pid => pid == 1 || pid == 50,
    };

    [Theory]
    [InlineData("web-a", 1, 1, true, "its holder was this host's previous process under this process id")]
    [InlineData("web-a", 1, 1, false, null)]
    [InlineData("web-a", 77, 1, false, "its holder's process no longer runs on this host")]
    [InlineData("web-a", 50, 1, true, null)]
    [InlineData("web-b", 77, 1, true, null)]
    [InlineData("web-b", 77, 16, false, "its holder fell silent")]
    public void AFreshHolder_IsTakenOverOnlyWhenItIsThisHostsEndedProcess(string host, int pid, int ageSeconds, bool firstClaim, string? expected)
    {
        var holder = new ReplicaHolder { RunId = "other", Host = host, ProcessId = pid, Age = TimeSpan.FromSeconds(ageSeconds), Left = false };

        Assert.Equal(expected, ReplicaClaim.Decide(holder, Me, Window, firstClaim));
    }

    [Fact]
    public void NoRow_ItsOwnRow_ARowWithoutARun_AndALeftHolder_AreTaken()
    {
        var fresh = new ReplicaHolder { RunId = "other", Host = "web-b", ProcessId = 9, Age = TimeSpan.Zero, Left = false };

        Assert.Equal("no row", ReplicaClaim.Decide(null, Me, Window, firstClaim: false));
        Assert.Equal("its own row", ReplicaClaim.Decide(fresh with { RunId = Me.RunId }, Me, Window, firstClaim: false));
        Assert.Equal("a row from before runs were recorded", ReplicaClaim.Decide(fresh with { RunId = null }, Me, Window, firstClaim: false));
        Assert.Equal("its holder left", ReplicaClaim.Decide(fresh with { Left = true }, Me, Window, firstClaim: false));
        Assert.Null(ReplicaClaim.Decide(fresh, Me, Window, firstClaim: true));
    }
}
