namespace Strangler.Cli.Tests.Campaigns;

/// <summary>What one crash campaign did and saw, printed for the README.</summary>
internal sealed record CampaignFigures(
    int Seed,
    int Kills,
    int Events,
    int Keys,
    TimeSpan Duration,
    long Redelivered,
    int KillsAfterProgress,
    long CommittedBeforeFinalRun)
{
    public override string ToString() =>
        $"seed {Seed}: {Kills} SIGKILLs, {Events} events over {Keys} rows in {Duration.TotalSeconds:F0} s; " +
        $"{Redelivered} events re-delivered after a kill (applied before it, committed after it); the committed offsets " +
        $"moved forward in {KillsAfterProgress} of {Kills} kill cycles, {CommittedBeforeFinalRun} of {Events} committed before the final run";
}
