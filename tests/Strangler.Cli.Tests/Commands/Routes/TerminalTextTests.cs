using System.Text.Json;
using Strangler.Cli.Commands.Routes;
using Strangler.Text;

namespace Strangler.Cli.Tests.Commands.Routes;

/// <summary>
/// Bug: a reason recorded with a control character (before the gateway refused them, or by a hand edit of
/// history.jsonl) was printed raw by <c>strangler routes history</c> and the flip and rollback answers: a line break
/// forged a history line, and ESC [2J cleared the reader's terminal. They are printed escaped now.
/// </summary>
public sealed class TerminalTextTests
{
    [Theory]
    [InlineData("all in", "all in")]
    [InlineData("undo\nFAKE 2026-12-01 admin new", "undo\\nFAKE 2026-12-01 admin new")]
    [InlineData("red \u001B[31malert\r", "red \\u001B[31malert\\r")]
    [InlineData("\u202Eesrever\u0085", "\\u202Eesrever\\u0085")]
    public void Escape_ShowsControlCharactersInsteadOfObeyingThem(string recorded, string printed) =>
        Assert.Equal(printed, TerminalText.Escape(recorded));

    [Fact]
    public void AChangeLine_EscapesItsActorAndReason()
    {
        var change = JsonDocument.Parse("""
            {"subdomain":"customers","from":"legacy","to":"new","fromRevision":1,"revision":2,"action":"flip",
             "actor":"eve\u001b[2J","reason":"ok\nsecond line"}
            """).RootElement;

        var line = ChangeText.Describe(change);

        Assert.Equal("customers: legacy -> new, revision 1 -> 2 (flip by eve\\u001B[2J: ok\\nsecond line)", line);
        Assert.DoesNotContain('\u001B', line);
        Assert.DoesNotContain('\n', line);
    }
}
