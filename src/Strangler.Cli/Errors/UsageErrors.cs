namespace Strangler.Cli.Errors;

/// <summary>
/// Usage mistakes: an option or argument the parser refuses (<c>--legacy-port abc</c>, an unknown command or option,
/// a required one left out). They end with the exit code of a configuration mistake, since both are the caller's to
/// fix before anything runs; a script can then tell them from a failure (1) without reading stderr.
/// </summary>
internal static class UsageErrors
{
    /// <summary>The exit code of a usage mistake (README, "Exit codes"); the same as <see cref="ConfigurationErrors.ExitCode"/>.</summary>
    public const int ExitCode = ConfigurationErrors.ExitCode;
}
