namespace Strangler.Gateway.Configuration;

/// <summary>A property written twice in one JSON object.</summary>
/// <param name="Path">Its JSON path, e.g. <c>mode</c> or <c>userKey.source</c>.</param>
/// <param name="FirstLine">The line (from 1) of its first occurrence.</param>
/// <param name="Line">The line (from 1) of the repeat.</param>
/// <param name="Column">The column (from 1) of the repeat's name.</param>
internal readonly record struct JsonDuplicate(string Path, int FirstLine, int Line, int Column)
{
    /// <summary>The error text, the same for route files and admin requests.</summary>
    public string Message => FirstLine == Line
        ? $"appears more than once on line {Line}; a repeated field is ambiguous (the last would silently win), keep one"
        : $"appears more than once (lines {FirstLine} and {Line}); a repeated field is ambiguous (the last would silently win), keep one";
}
