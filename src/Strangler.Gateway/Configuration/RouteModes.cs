using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>Parses and prints modes in the spelling route files and the admin API use.</summary>
public static class RouteModes
{
    internal static readonly EnumWords<RouteMode> Words = new(JsonNamingPolicy.CamelCase);

    /// <summary>Parses <c>legacy</c>, <c>canary</c> or <c>new</c> (case-insensitive); numbers are not modes.</summary>
    public static bool TryParse(string? text, out RouteMode mode) => Words.TryParse(text, out mode);

    /// <summary>The lower-case spelling used in files.</summary>
    public static string ToText(RouteMode mode) => mode switch
    {
        RouteMode.Canary => "canary",
        RouteMode.New => "new",
        _ => "legacy",
    };
}
