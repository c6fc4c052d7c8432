using Microsoft.Extensions.Logging;

namespace Strangler.Sync.Hosting;

internal static partial class ProjectionPipelinesLog
{
    [LoggerMessage(Level = LogLevel.Critical, Message = "Pipeline {Pipeline} stopped on a fatal error; stopping the worker")]
    public static partial void Failed(ILogger logger, Exception exception, string pipeline);
}
