namespace Strangler.Cli.Commands.Routes;

/// <summary>A failed admin API call, with a message meant for the person at the terminal.</summary>
internal sealed class AdminApiException(string message, Exception? inner = null) : Exception(message, inner);
