namespace Strangler.Cli.Commands.Routes;

/// <summary>The admin API's endpoints, relative to <see cref="AdminApiClient.Prefix"/>.</summary>
internal static class AdminApiPaths
{
    public const string Routes = "routes";
    public const string Flip = "flip";
    public const string History = "history";
    public const string Rollback = "rollback";
}
