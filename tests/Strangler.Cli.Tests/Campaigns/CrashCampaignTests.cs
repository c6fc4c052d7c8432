using Strangler.Cli.Tests.Infrastructure;

namespace Strangler.Cli.Tests.Campaigns;

/// <summary>
/// Issue 9.7 and 15.1, the process-level crash campaign: the sync worker process is SIGKILLed at random points, at
/// least 20 times per direction, with the Kafka broker in a process of its own; after every restart nothing is lost,
/// nothing applied twice or left stale, counted against what was produced; and the committed offsets move forward
/// from kill to kill. The seed is printed (set STRANGLER_CRASH_SEED to replay one run).
/// </summary>
[Trait("Category", "CrashCampaign")]
public sealed class CrashCampaignTests
{
    [Fact]
    public async Task Cdc_into_the_embedded_store_survives_repeated_sigkills()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The campaign sends POSIX signals to process groups (setsid).");
        using var directory = new TempDirectory();
        await RunAsync(new CdcIntoLiteDb(directory.Path), directory.Path);
    }

    [Fact]
    public async Task Domain_events_into_postgres_survive_repeated_sigkills()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "The campaign sends POSIX signals to process groups (setsid).");
        using var directory = new TempDirectory();
        await using var target = await DomainEventsIntoPostgres.CreateAsync(directory.Path);
        await RunAsync(target, directory.Path);
    }

    private static async Task RunAsync(ICampaignTarget target, string directory)
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("STRANGLER_CRASH_SEED"), out var fixedSeed)
            ? fixedSeed
            : Random.Shared.Next();
        TestContext.Current.SendDiagnosticMessage($"crash campaign {target.GetType().Name}: seed {seed}");
        var campaign = new CrashCampaign(target, directory, seed);
        var figures = await campaign.RunAsync(TestContext.Current.CancellationToken);
        TestContext.Current.SendDiagnosticMessage($"crash campaign {target.GetType().Name}: {figures}\n{campaign.Journal}");
        TestContext.Current.TestOutputHelper?.WriteLine($"crash campaign {target.GetType().Name}: {figures}\n{campaign.Journal}");

        Assert.True(figures.Kills >= 20);
        // Offsets committed per batch: with only the 5 s auto-commit, workers that live 1.5 to 6.5 s, 2 s of it waiting for the killed member's session to end, rarely commit.
        Assert.True(figures.KillsAfterProgress >= figures.Kills / 4,
            $"The committed offsets moved forward in only {figures.KillsAfterProgress} of {figures.Kills} kill cycles.\n{campaign.Journal}");
        Assert.True(figures.CommittedBeforeFinalRun > 0, "Nothing was committed before the final run.");
    }
}
