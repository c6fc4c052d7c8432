using System.CommandLine;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Commands.Routes;

/// <summary>
/// The <c>--gateway</c> and <c>--token</c> options shared by the commands that call the admin API. One instance per
/// command tree: System.CommandLine symbols keep their parents, so they are not shared between trees.
/// </summary>
internal sealed class AdminApiOptions
{
    public const string TokenVariable = "STRANGLER_ADMIN_TOKEN";
    public const string DefaultGateway = "http://127.0.0.1:5100";

    public Option<string> Gateway { get; } = new("--gateway")
    {
        Description = "The gateway's base URL.",
        DefaultValueFactory = _ => DefaultGateway,
        Recursive = true,
    };

    public Option<string?> Token { get; } = new("--token")
    {
        Description = $"The admin API bearer token (default: the {TokenVariable} environment variable, which is safer: ps shows arguments to every user).",
        Recursive = true,
    };

    /// <summary>Reads both options; <paramref name="environment"/> looks up variables (replaced in tests).</summary>
    public AdminApiSettings Resolve(ParseResult parseResult, Func<string, string?> environment)
    {
        var gatewayText = parseResult.GetValue(Gateway) ?? DefaultGateway;
        var gateway = HttpUrlArgument.Parse("--gateway", gatewayText, out var urlProblem) ?? throw new AdminApiException(urlProblem!);

        var token = parseResult.GetValue(Token);
        var source = "--token";
        if (string.IsNullOrWhiteSpace(token))
        {
            token = environment(TokenVariable);
            source = TokenVariable;
        }

        if (string.IsNullOrWhiteSpace(token))
        {
            throw new AdminApiException(
                $"No admin token: pass --token or set {TokenVariable} (the gateway's Strangler:Gateway:AdminToken).");
        }

        if (AdminTokenText.Problem(token) is { } problem)
        {
            // Checked here, not left to HttpClient, which throws a FormatException deep in the send.
            throw new AdminApiException($"{source}: the admin token {problem}; an HTTP header cannot carry it (the token is not shown).");
        }

        return new AdminApiSettings(gateway, token);
    }
}
