using System.Text.Json;

namespace Strangler.Gateway.Configuration;

/// <summary>The spellings of <see cref="UserKeyKind"/> in route files, the admin API and the history.</summary>
internal static class UserKeyKinds
{
    private static readonly EnumWords<UserKeyKind> Words = new(JsonNamingPolicy.CamelCase);

    /// <summary>What the errors list as accepted.</summary>
    public static string Expected => Words.Expected;

    /// <summary><c>header</c>, <c>cookie</c> or <c>claim</c>, in any case, as modes are read; never a number or a list.</summary>
    public static UserKeyKind? Parse(string? text) => Words.TryParse(text, out var kind) ? kind : null;
}
