using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Strangler.Cli.Help;

/// <summary>System.CommandLine's help, followed by the <see cref="HelpDetails"/> of the command it is asked for.</summary>
internal sealed class DetailedHelpAction(SynchronousCommandLineAction help) : SynchronousCommandLineAction
{
    // As the help it wraps: `demo --legacy-port abc --help` is still help, not a parse error.
    public override bool ClearsParseErrors => help.ClearsParseErrors;

    /// <summary>Makes every <c>--help</c> under <paramref name="root"/> print the details too.</summary>
    public static void Install(RootCommand root)
    {
        var option = root.Options.OfType<HelpOption>().Single();
        if (option.Action is SynchronousCommandLineAction help and not DetailedHelpAction)
        {
            option.Action = new DetailedHelpAction(help);
        }
    }

    public override int Invoke(ParseResult parseResult)
    {
        var exitCode = help.Invoke(parseResult);
        if (HelpDetails.Of(parseResult.CommandResult.Command) is { } details)
        {
            parseResult.InvocationConfiguration.Output.WriteLine(details);
            parseResult.InvocationConfiguration.Output.WriteLine();
        }

        return exitCode;
    }
}
