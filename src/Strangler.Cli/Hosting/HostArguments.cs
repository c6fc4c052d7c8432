namespace Strangler.Cli.Hosting;

/// <summary>
/// The settings without a section that the hosts of <c>gateway</c>, <c>sync</c> and <c>sample</c> read from the
/// command line (all four are built by <c>WebApplication.CreateBuilder(args)</c>), so a command accepts them beside
/// <c>--Section:Key=value</c> settings; any other argument it does not know is refused (<see cref="Errors.SettingArguments"/>).
/// </summary>
/// <remarks>
/// Left out, although the host reads them: <c>http_ports</c> and <c>https_ports</c>, which <c>gateway</c> and
/// <c>sync</c> never honour since they always set <c>urls</c> (their own default when none is given), and the
/// development keys (<c>detailedErrors</c>, <c>hostingStartupAssemblies</c>, <c>webroot</c>, ...); they remain
/// settable through environment variables and <c>appsettings.json</c>.
/// </remarks>
internal static class HostArguments
{
    public static readonly IReadOnlyList<string> TopLevelKeys =
    [
        // Where to listen (gateway: its own --urls option; another spelling of it reaches the host as a setting).
        "urls",
        "environment",
        // The folder whose appsettings.json the host reads.
        "contentRoot",
        // The name of the application's assembly; another name is logged as a hosting startup assembly that failed to load.
        "applicationName",
        // How long a stop (SIGTERM, Ctrl+C) waits for requests in flight and background work to finish.
        "shutdownTimeoutSeconds",
        // Host filtering: the Host headers the server answers (semicolon-separated, "*" for any).
        "AllowedHosts",
    ];
}
