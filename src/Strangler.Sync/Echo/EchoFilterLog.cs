using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Echo;

internal static partial class EchoFilterLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Echo filter: reads {Database}, chosen by {ChosenBy}")]
    public static partial void Selected(ILogger logger, string database, string chosenBy);
}
