namespace Strangler.Cli.Hosting;

/// <summary>A host setting that would make it fail to start, with a message naming the setting.</summary>
internal sealed class HostPreflightException(string message) : Exception(message);
