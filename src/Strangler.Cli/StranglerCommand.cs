using System.CommandLine;
using System.CommandLine.Invocation;
using Strangler.Cli.Commands;
using Strangler.Cli.Commands.Demo;
using Strangler.Cli.Commands.Dev;
using Strangler.Cli.Commands.Routes;
using Strangler.Cli.Errors;
using Strangler.Cli.Help;

namespace Strangler.Cli;

/// <summary>The <c>strangler</c> command: one sub-command per file under <c>Commands/</c>.</summary>
internal static class StranglerCommand
{
    /// <summary>
    /// Parses and runs <paramref name="args"/>. Parse errors (a missing option, a value that does not convert, an
    /// unknown command) are printed as one line with a pointer to --help, rather than System.CommandLine's list
    /// of errors followed by the whole help text, and end with the usage exit code (2) rather than its 1, which is
    /// the code of a runtime failure here. Help asked for in an option's value is help (<see cref="HelpTakenAsValue"/>).
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, InvocationConfiguration? configuration = null,
        CancellationToken cancellationToken = default)
    {
        configuration ??= new InvocationConfiguration();
        var parseResult = Create().Parse(args);
        if (HelpTakenAsValue.HelpArguments(parseResult) is { } help)
        {
            // `gateway --urls --help` asks for the gateway's help, whatever the parser made of it.
            parseResult = Create().Parse(help);
        }

        if (parseResult.Errors.Count == 0 || parseResult.Action is not ParseErrorAction)
        {
            return await parseResult.InvokeAsync(configuration, cancellationToken);
        }

        var messages = ParseSuggestions.Messages(parseResult);
        if (messages.Count > 1)
        {
            // Said alongside "Unrecognized command or argument 'x'", which is the useful half.
            messages.Remove("Required command was not provided.");
        }

        return await UsageErrors.WriteAsync(parseResult, configuration.Error, string.Join(' ', messages));
    }

    public static RootCommand Create()
    {
        var root = new RootCommand("Strangler: move a monolith to services one sub-domain at a time.");
        // Each component adds its commands here, one line each.
        root.Subcommands.Add(RoutesCommand.Create());
        root.Subcommands.Add(Commands.Rollout.RolloutCommand.Create());
        root.Subcommands.Add(GatewayCommand.Create());
        root.Subcommands.Add(DemoCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(MigrateCommand.Create());
        root.Subcommands.Add(CdcDecodeCommand.Create());
        root.Subcommands.Add(DlqCommand.Create());
        root.Subcommands.Add(SyncCommand.Create());
        root.Subcommands.Add(DevCommand.Create());
        root.Subcommands.Add(Commands.Diff.DiffCommand.Create());
        root.Subcommands.Add(Commands.Reconcile.ReconcileCommand.Create());
        root.Subcommands.Add(Commands.Reconcile.ReconcileReportCommand.Create());
        root.Subcommands.Add(Commands.Load.LoadCommand.Create());
        root.WithDetails("Each command's --help tells its options and settings; the README tells the rest.");
        DetailedHelpAction.Install(root);
        // Last: every action above, however it fails, ends in one line and a non-zero exit.
        LastResortAction.Guard(root);
        return root;
    }
}
