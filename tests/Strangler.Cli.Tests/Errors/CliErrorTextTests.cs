using Microsoft.Extensions.Options;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Tests.Errors;

public sealed class CliErrorTextTests
{
    [Fact]
    public void Describe_SeveralConfigurationFailures_JoinsThemAsClausesWithoutStrayFullStops()
    {
        var failures = new[] { "A:Key is required: say which.", "B:Key must be positive", "C:Key is one of a, b, ..." };

        var text = CliErrorText.Describe(new OptionsValidationException("x", typeof(object), failures));

        Assert.Equal("invalid configuration: A:Key is required: say which; B:Key must be positive; C:Key is one of a, b, ...", text);
    }
}
