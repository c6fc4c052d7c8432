using System.Text;
using System.Text.RegularExpressions;

namespace Strangler.Gateway.Shadow;

/// <summary>
/// Scrubs secret-named values out of a sample body that is not JSON (XML, HTML, plain text, a form, a multipart
/// summary): a name containing one of <see cref="SecretNames.Words"/>, then
/// <list type="bullet">
/// <item>as a markup element, <c>&lt;password&gt;x&lt;/password&gt;</c>: everything up to its closing tag (or to the
/// end of the text when there is none) becomes <c>[redacted]</c>;</item>
/// <item>followed by <c>=</c> or <c>:</c> (<c>password=x</c>, <c>"password": "x"</c>, <c>password: x</c>,
/// <c>password='x'</c>): a quoted value up to its closing quote, an unquoted one up to the end of the line, an
/// <c>&amp;</c> or a <c>&lt;</c>.</item>
/// </list>
/// A rule of thumb, not a parser. It errs towards hiding too much (an unquoted value takes the rest of its line), and it
/// misses a secret not named next to its value: <c>&lt;input name="password" value="x"&gt;</c>,
/// <c>&lt;entry key="password"&gt;x&lt;/entry&gt;</c>, a name inside escaped JSON text (<c>\"password\":</c>), or a
/// body in another encoding than UTF-8.
/// </summary>
internal static class SecretText
{
    // NonBacktracking: bodies come from upstreams and can be large, and this engine's time is linear in the text.
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;

    // An element's name may hold a namespace prefix (<ns:password>).
    private static readonly Regex Element = new($@"<(?<name>{SecretName(@"[\w.:-]")})(?:\s[^<>]*)?>", Options);

    // The closing quote is left out of the match, so it stays in the text after [redacted].
    private static readonly Regex Pair = new(
        $@"(?<head>{SecretName(@"[\w.-]")}[""']?[ \t]*[:=][ \t]*)(?:(?<quote>"")(?:\\.|[^""\\\r\n])*|(?<quote>')(?:\\.|[^'\\\r\n])*|[^&<\r\n]*)",
        Options);

    public static string Scrub(string text) =>
        Pair.Replace(Elements(text), m => m.Groups["head"].Value + m.Groups["quote"].Value + SampleRedactor.Redacted);

    // A whole name (of these characters) that contains one of the secret words.
    private static string SecretName(string nameCharacter) =>
        $"{nameCharacter}*(?:{string.Join('|', SecretNames.Words.Select(Regex.Escape))}){nameCharacter}*";

    private static string Elements(string text)
    {
        StringBuilder? result = null;
        var copied = 0;
        foreach (Match element in Element.Matches(text))
        {
            // Inside an element already redacted, or empty (<password/>).
            if (element.Index < copied || element.Value.EndsWith("/>", StringComparison.Ordinal))
            {
                continue;
            }

            var start = element.Index + element.Length;
            var end = text.IndexOf($"</{element.Groups["name"].Value}>", start, StringComparison.OrdinalIgnoreCase);
            end = end < 0 ? text.Length : end;
            result ??= new StringBuilder(text.Length);
            result.Append(text, copied, start - copied).Append(SampleRedactor.Redacted);
            copied = end;
            if (copied == text.Length)
            {
                break;
            }
        }

        return result is null ? text : result.Append(text, copied, text.Length - copied).ToString();
    }
}
