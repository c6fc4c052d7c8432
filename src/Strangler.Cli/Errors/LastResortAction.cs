using System.CommandLine;
using System.CommandLine.Invocation;

namespace Strangler.Cli.Errors;

/// <summary>
/// Wraps a command's action so that an exception nobody caught ends as one line on stderr and exit code 1 (2 for a
/// configuration mistake, <see cref="ConfigurationErrors"/>), never as System.CommandLine's default "Unhandled
/// exception" with a stack trace. Each command still handles the failures it
/// expects (and says more about them); this is the backstop for the rest.
/// </summary>
internal sealed class LastResortAction(CommandLineAction inner, string commandPath) : AsynchronousCommandLineAction
{
    /// <summary>Set to 1 to get the full exception, stack trace included, after the one-line message.</summary>
    public const string DebugVariable = "STRANGLER_DEBUG";

    /// <summary>Wraps the action of <paramref name="command"/> and of every command below it.</summary>
    public static void Guard(Command command, string path = "strangler")
    {
        if (command.Action is { } action and not LastResortAction)
        {
            command.Action = new LastResortAction(action, path);
        }

        foreach (var child in command.Subcommands)
        {
            Guard(child, $"{path} {child.Name}");
        }
    }

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        try
        {
            return inner switch
            {
                AsynchronousCommandLineAction asynchronous => await asynchronous.InvokeAsync(parseResult, cancellationToken),
                SynchronousCommandLineAction synchronous => synchronous.Invoke(parseResult),
                _ => throw new InvalidOperationException($"Unknown action type {inner.GetType().Name}."),
            };
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: System.CommandLine's own exit path, not an error.
            throw;
        }
        catch (Exception ex)
        {
            var error = parseResult.InvocationConfiguration.Error;
            await error.WriteLineAsync($"{commandPath}: {CliErrorText.Describe(ex)}");
            if (Environment.GetEnvironmentVariable(DebugVariable) == "1")
            {
                await error.WriteLineAsync(ex.ToString());
            }

            return ConfigurationErrors.Describe(ex) is null ? 1 : ConfigurationErrors.ExitCode;
        }
    }
}
