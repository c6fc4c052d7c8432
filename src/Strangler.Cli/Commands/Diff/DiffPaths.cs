namespace Strangler.Cli.Commands.Diff;

/// <summary>The admin API's shadow endpoints, relative to its prefix.</summary>
internal static class DiffPaths
{
    public const string Diffs = "diffs";
    public const string Reset = "diffs/reset";
}
