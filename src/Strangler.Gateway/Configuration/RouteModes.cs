namespace Strangler.Gateway.Configuration;

/// <summary>Parses and prints modes in the spelling route files and the admin API use.</summary>
public static class RouteModes
{
    /// <summary>Parses <c>legacy</c>, <c>canary</c> or <c>new</c> (case-insensitive); numbers are not modes.</summary>
    public static bool TryParse(string? text, out RouteMode mode)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "legacy": mode = RouteMode.Legacy; return true;
            case "canary": mode = RouteMode.Canary; return true;
            case "new": mode = RouteMode.New; return true;
            default: mode = RouteMode.Legacy; return false;
        }
    }

    /// <summary>The lower-case spelling used in files.</summary>
    public static string ToText(RouteMode mode) => mode switch
    {
        RouteMode.Canary => "canary",
        RouteMode.New => "new",
        _ => "legacy",
    };
}
