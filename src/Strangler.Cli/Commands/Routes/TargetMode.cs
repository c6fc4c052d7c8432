using System.Globalization;
using Strangler.Gateway.Configuration;

namespace Strangler.Cli.Commands.Routes;

/// <summary>A flip target in the CLI's notation: <c>legacy</c>, <c>new</c> or <c>canary:N</c> with N in 0..100.</summary>
/// <param name="Mode">legacy, new or canary.</param>
/// <param name="Percentage">The canary percentage; null for legacy and new.</param>
internal sealed record TargetMode(string Mode, int? Percentage)
{
    public const string Usage = "legacy, new or canary:N (N a whole number from 0 to 100)";

    public static bool TryParse(string? text, out TargetMode target, out string error)
    {
        target = new TargetMode("legacy", null);
        error = "";
        switch (text?.Trim().ToLowerInvariant())
        {
            case "legacy":
                return true;
            case "new":
                target = new TargetMode("new", null);
                return true;
            case { } value when value.StartsWith("canary:", StringComparison.Ordinal):
                var number = value["canary:".Length..];
                if (int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var percentage)
                    && percentage <= 100)
                {
                    target = new TargetMode("canary", percentage);
                    return true;
                }

                error = $"'{text}': the canary percentage must be a whole number from 0 to 100, not '{number}'.";
                return false;
            default:
                error = $"'{text}' is not a mode: expected {Usage}.";
                return false;
        }
    }

    /// <summary>The mode as the gateway's <see cref="Strangler.Gateway.Configuration.RouteMode"/>.</summary>
    public RouteMode RouteMode => RouteModes.TryParse(Mode, out var mode) ? mode : throw new InvalidOperationException($"'{Mode}' is not a route mode.");

    public override string ToString() => Percentage is { } p ? $"{Mode}:{p}" : Mode;
}
