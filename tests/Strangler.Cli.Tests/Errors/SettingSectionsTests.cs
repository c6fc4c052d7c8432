using Microsoft.Extensions.Configuration;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Tests.Errors;

/// <summary>
/// The misspelt-section hint names only a key the start-up check (<see cref="UnknownSettings"/>) accepts. Bug:
/// <c>gateway --Gatway:Port 5000</c> was answered "did you mean --Strangler:Gateway:Port?", and following it was
/// refused in turn: Strangler:Gateway has no Port, the gateway listens where <c>--urls</c> says.
/// </summary>
public sealed class SettingSectionsTests
{
    [Theory]
    // The key is read under the section meant: the hint is the section, corrected.
    [InlineData("Strangler:Sycn:BootstrapServers", "did you mean --Strangler:Sync:BootstrapServers?")]
    [InlineData("Gatway:UpstreamTimeout", "did you mean --Strangler:Gateway:UpstreamTimeout?")]
    [InlineData("Loging:LogLevel:Default", "did you mean --Logging:LogLevel:Default?")]
    // The key is misspelt too: the nearest key read there, every part of it checked.
    [InlineData("Gatway:UpstreamTimout", "did you mean --Strangler:Gateway:UpstreamTimeout?")]
    [InlineData("Strangler:Gatway:Shadw:BusyThreshold", "did you mean --Strangler:Gateway:Shadow:BusyThreshold?")]
    // No such key there at all: what sets it instead, never a key that would be refused.
    [InlineData("Gatway:Port", "it most likely meant Strangler:Gateway, but Strangler:Gateway has no setting Port: where a server listens is set with --urls (e.g. --urls http://127.0.0.1:5100)")]
    [InlineData("Gatway:Colour", "it most likely meant Strangler:Gateway, but Strangler:Gateway has no setting Colour: the README lists the settings of Strangler:Gateway")]
    public void A_misspelt_section_is_answered_with_a_key_that_is_read(string key, string expected)
    {
        var problem = SettingSections.Problem(key);

        Assert.NotNull(problem);
        Assert.EndsWith(expected, problem, StringComparison.Ordinal);
        if (System.Text.RegularExpressions.Regex.Match(problem, "did you mean --(?<key>[^?]+)\\?$") is { Success: true } hint)
        {
            // Followed, the hint is accepted by the same check the command runs at start.
            var followed = new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create(hint.Groups["key"].Value, (string?)"1")]).Build();
            Assert.Null(SettingSections.Problem(hint.Groups["key"].Value));
            Assert.Empty(UnknownSettings.Problems(followed));
        }
    }

    [Fact]
    public void Accepted_returns_a_key_that_is_read_unchanged()
    {
        Assert.Equal("Strangler:Gateway:UpstreamTimeout", UnknownSettings.Accepted("Strangler:Gateway:UpstreamTimeout", out var hint));
        Assert.Null(hint);
    }
}
