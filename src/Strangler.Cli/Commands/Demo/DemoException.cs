namespace Strangler.Cli.Commands.Demo;

/// <summary>The demo could not start, or a host did not stop cleanly; the message says which and why.</summary>
internal sealed class DemoException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>1, or 2 when a host refused its settings (a configuration mistake, README "Exit codes").</summary>
    public int ExitCode { get; init; } = 1;
}
