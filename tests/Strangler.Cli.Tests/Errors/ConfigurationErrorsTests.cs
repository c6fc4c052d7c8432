using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Strangler.Cli.Errors;

namespace Strangler.Cli.Tests.Errors;

/// <summary>The binder's own failure, thrown as it throws it, read back into key, value and the form the setting takes.</summary>
public sealed class ConfigurationErrorsTests
{
    public enum Flavour
    {
        Plain,
        Spicy,
    }

    public sealed class Settings
    {
        public int? Limit { get; set; }

        public Flavour Flavour { get; set; }

        public int TokenLifetime { get; set; }

        public Uri? Upstream { get; set; }
    }

    private static Exception BindFailure(string key, string value) =>
        Assert.Throws<InvalidOperationException>(() => new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"App:{key}"] = value }).Build()
            .GetSection("App").Get<Settings>());

    [Theory]
    [InlineData("Limit", "12x", "App:Limit: '12x' is not a whole number (such as 500)")]
    [InlineData("Flavour", "sour", "App:Flavour: 'sour' is not one of Plain, Spicy")]
    [InlineData("Upstream", "http://[", "App:Upstream: 'http://[' is not a URL")]
    // Named like a secret: the value is not repeated, in case it is one given in the wrong place.
    [InlineData("TokenLifetime", "s3cr3t", "App:TokenLifetime: its value (not shown) is not a whole number (such as 500)")]
    public void A_binder_failure_names_key_value_and_form(string key, string value, string expected)
    {
        Assert.Equal(expected, ConfigurationErrors.Describe(BindFailure(key, value)));
        Assert.Equal("invalid configuration: " + expected, CliErrorText.Describe(BindFailure(key, value)));
    }

    [Fact]
    public void Several_options_types_failing_at_start_read_as_one_list()
    {
        // The host's start-up check throws them together; this went to the last resort as an AggregateException.
        var both = new AggregateException(
            new OptionsValidationException("a", typeof(object), ["A:Key is required."]),
            new OptionsValidationException("b", typeof(object), ["B:Key must be positive"]));

        Assert.Equal("A:Key is required; B:Key must be positive", ConfigurationErrors.Describe(both));
    }

    [Fact]
    public void A_bare_number_is_refused_once_not_again_as_days()
    {
        // The bare-number check and the options' range check both refused HeartbeatInterval=5; the second, about
        // "5.00:00:00", repeated the first in terms of a value nobody wrote. Other keys' failures stay.
        var failures = new AggregateException(
            new OptionsValidationException("fleet", typeof(object),
            [
                "S:Fleet:HeartbeatInterval: '5' is a bare number, which would be read as 5 days; write a duration hh:mm:ss[.fff]",
                "S:Fleet:HeartbeatInterval must be at most 24 hours, found '5.00:00:00'.",
                "S:Fleet:HeartbeatIntervalMax must be at most 24 hours, found '5.00:00:00'.",
            ]),
            new OptionsValidationException("keys", typeof(object), ["S:KeysDirectory is required in a fleet."]));

        Assert.Equal(
            "S:Fleet:HeartbeatInterval: '5' is a bare number, which would be read as 5 days; write a duration hh:mm:ss[.fff]; " +
            "S:Fleet:HeartbeatIntervalMax must be at most 24 hours, found '5.00:00:00'; S:KeysDirectory is required in a fleet",
            ConfigurationErrors.Describe(failures));
    }

    [Fact]
    public void Other_exceptions_are_no_configuration_mistake()
    {
        Assert.Null(ConfigurationErrors.Describe(new InvalidOperationException("Failed to convert something else")));
        Assert.Null(ConfigurationErrors.Describe(new AggregateException(
            new OptionsValidationException("a", typeof(object), ["A:Key is required."]), new IOException("disk"))));
    }
}
