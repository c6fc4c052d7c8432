namespace Strangler.Cli.Commands.Demo;

/// <summary>The demo could not start; the message says why and what to change.</summary>
internal sealed class DemoException(string message, Exception? inner = null) : Exception(message, inner);
