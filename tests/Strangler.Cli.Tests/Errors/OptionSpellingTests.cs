using Strangler.Cli.Errors;

namespace Strangler.Cli.Tests.Errors;

/// <summary>The option suggested for a refused one: only one that is clearly meant, never a guess between two.</summary>
public sealed class OptionSpellingTests
{
    private static readonly string[] Gateway = ["--routes", "--urls", "--access-log", "--help", "--environment", "--contentRoot"];

    [Theory]
    [InlineData("--ulrs", "--urls")] // two letters swapped
    [InlineData("--url", "--urls")]
    [InlineData("--URLS=http://x", "--urls")] // any case, the value aside
    [InlineData("--acess-log", "--access-log")]
    [InlineData("--enviroment", "--environment")]
    [InlineData("--env", "--environment")] // the start of one option
    [InlineData("--contentroot", "--contentRoot")]
    public void A_close_spelling_names_the_option(string token, string expected) =>
        Assert.Equal(expected, OptionSpelling.Nearest(token, Gateway));

    [Theory]
    [InlineData("--prot")] // two edits from a four-letter name is anything
    [InlineData("--port")]
    [InlineData("stray")]
    [InlineData("-e")]
    public void A_spelling_close_to_nothing_suggests_nothing(string token) =>
        Assert.Null(OptionSpelling.Nearest(token, Gateway));

    [Fact]
    public void Two_equally_close_options_suggest_neither() =>
        Assert.Null(OptionSpelling.Nearest("--rest", ["--reset", "--rests", "--restart"]));
}
