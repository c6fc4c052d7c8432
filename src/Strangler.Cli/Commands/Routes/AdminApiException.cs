namespace Strangler.Cli.Commands.Routes;

/// <summary>A failed admin API call, with a message meant for the person at the terminal.</summary>
/// <param name="message">What went wrong and what to do.</param>
/// <param name="inner">The cause, if any.</param>
/// <param name="fields">The request fields the gateway's problem answer named (its <c>errors</c> keys), if any.</param>
internal sealed class AdminApiException(string message, Exception? inner = null, IReadOnlyCollection<string>? fields = null)
    : Exception(message, inner)
{
    /// <summary>The request fields the gateway named as wrong, so a command can say which of its options to use.</summary>
    public IReadOnlyCollection<string> Fields { get; } = fields ?? [];
}
