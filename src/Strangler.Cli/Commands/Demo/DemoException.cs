namespace Strangler.Cli.Commands.Demo;

/// <summary>The demo could not start, or a host did not stop cleanly; the message says which and why.</summary>
internal sealed class DemoException(string message, Exception? inner = null) : Exception(message, inner);
