namespace Strangler.Gateway.Configuration;

internal static class RouteNames
{
    /// <summary>Names become file names and metric tags, so they stay in a small, portable alphabet.</summary>
    public static bool IsValid(string name) =>
        name.Length is > 0 and <= 64
        && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0])
        && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-');
}
