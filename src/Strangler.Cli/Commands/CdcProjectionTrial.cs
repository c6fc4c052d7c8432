using System.CommandLine;
using Strangler.Cli.Commands.Reconcile;
using Strangler.Cli.Errors;
using Strangler.Sync.Projection;

namespace Strangler.Cli.Commands;

/// <summary>
/// <c>strangler cdc decode --projection &lt;name&gt;</c>: what that projection of the worker's settings would write for
/// one message, or why it would dead-letter it, without Kafka, Debezium or its store. Exit 0 with the writes; 1 when
/// the pipeline would dead-letter the message (as for a message <c>cdc decode</c> cannot decode: what is wrong is in
/// the message or the mapping); 2 for a setting at fault or a projection not configured.
/// </summary>
internal static class CdcProjectionTrial
{
    public static int Run(ParseResult parseResult, string projection, string? topic, byte[]? key, byte[] value)
    {
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        ProjectionTrial trial;
        try
        {
            var configuration = JobConfiguration.Build(parseResult);
            UnknownSettings.Check(configuration);
            trial = ProjectionTrial.For(configuration, projection);
        }
        catch (Exception ex) when (ConfigurationErrors.Describe(ex) is { } text)
        {
            error.WriteLine($"error: invalid configuration: {text}");
            return ConfigurationErrors.ExitCode;
        }

        var result = trial.Run(topic ?? trial.RootTopic, key, value.Length == 0 ? null : value);
        foreach (var warning in result.Warnings)
        {
            error.WriteLine($"warning: {warning}");
        }

        if (result.DeadLetterReason is { } reason)
        {
            // The pipeline's own words: what its dead-letter topic and `strangler dlq list` would show.
            error.WriteLine($"error: {projection} would dead-letter this message: {reason}");
            return 1;
        }

        output.WriteLine(result.Writes);
        return 0;
    }
}
