namespace Strangler.Gateway.Logging;

/// <summary>
/// An exception as one line of its messages, outermost first, without the stack trace. For the transport failures
/// an upstream causes (connection refused, reset, a TLS error) the messages are the whole story, and say which host
/// and port: "An error occurred while sending the request: Unable to read data from the transport connection:
/// Connection reset by peer". Their stack traces are the runtime's own frames, about 4 KB each.
/// </summary>
internal static class ExceptionText
{
    public static string Messages(Exception exception)
    {
        var parts = new List<string>();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            var message = current.Message.Trim().TrimEnd('.');
            // .NET repeats an inner message in the outer one ("Connection refused (host:port)" around "Connection refused").
            if (message.Length > 0 && !parts.Exists(p => p.Contains(message, StringComparison.Ordinal)))
            {
                parts.Add(message);
            }
        }

        return string.Join(": ", parts);
    }
}
