using System.CommandLine;

namespace Strangler.Cli.Commands.Dev;

/// <summary><c>strangler dev</c>: helpers for development and tests that stand in for infrastructure.</summary>
internal static class DevCommand
{
    public static Command Create() => new("dev", "Development helpers that stand in for infrastructure (a Kafka broker).")
    {
        DevKafkaCommand.Create(),
    };
}
