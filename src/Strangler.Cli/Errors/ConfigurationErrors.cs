using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Strangler.Cli.Errors;

/// <summary>
/// Configuration mistakes, which every command ends with exit code 2 and one line naming each key at fault: a setting
/// its checks refused, and a value the configuration binder cannot convert (<c>BatchSize=abc</c>). The binder throws
/// the latter as a bare InvalidOperationException before any check runs, and it ended as an "unexpected error", exit 1.
/// </summary>
internal static partial class ConfigurationErrors
{
    /// <summary>The exit code of a configuration mistake (README, "Exit codes").</summary>
    public const int ExitCode = 2;

    /// <summary>Every key at fault as one list of clauses; null when <paramref name="ex"/> is no configuration mistake.</summary>
    public static string? Describe(Exception ex) => Clauses(ex) is { } clauses ? CliErrorText.Failures(WithoutEchoes(clauses)) : null;

    private static List<string>? Clauses(Exception ex) => ex switch
    {
        OptionsValidationException options => options.Failures.ToList(),
        InvalidOperationException when BinderFailure().Match(ex.Message) is { Success: true } match =>
            [Unconvertible(match.Groups["key"].Value, match.Groups["value"].Value, match.Groups["type"].Value)],
        // The host's start-up check throws one exception per options type that failed, all of them together.
        AggregateException aggregate when aggregate.InnerExceptions.Select(Clauses).ToList() is var parts && parts.All(p => p is not null) =>
            parts.SelectMany(p => p!).ToList(),
        _ => null,
    };

    /// <summary>
    /// Drops the clauses that refuse a key again after it was refused as a bare number: the options' own range check
    /// then judges the value as days ("HeartbeatInterval must be at most 24 hours, found '5.00:00:00'"), which says
    /// the same mistake a second time, and in terms of a value nobody wrote.
    /// </summary>
    private static List<string> WithoutEchoes(List<string> clauses)
    {
        var bare = clauses.Select(c => BareNumber().Match(c)).Where(m => m.Success).Select(m => m.Groups["key"].Value).ToList();
        return bare.Count == 0
            ? clauses
            : clauses.Where(c => BareNumber().IsMatch(c) || !bare.Any(key => c.StartsWith(key + " ", StringComparison.Ordinal))).ToList();
    }

    private static string Unconvertible(string key, string value, string type)
    {
        // A value that does not convert is a number, a switch or a word, not a secret; a key named like one is still
        // never quoted, in case it was given where the secret was meant to go.
        var shown = SecretKey().IsMatch(key[(key.LastIndexOf(':') + 1)..]) ? "its value (not shown)" : $"'{value}'";
        return $"{key}: {shown} is not {Expected(type)}";
    }

    private static string Expected(string type)
    {
        // int? is named System.Nullable`1[[System.Int32, System.Private.CoreLib, ...]].
        var name = NullableOf().Match(type) is { Success: true } inner ? inner.Groups["type"].Value : type;
        return name switch
        {
            "System.Int32" or "System.Int64" or "System.Int16" or "System.UInt32" or "System.UInt64" or "System.UInt16" or "System.Byte" =>
                "a whole number (such as 500)",
            "System.Double" or "System.Single" or "System.Decimal" => "a number (such as 0.5)",
            "System.Boolean" => "true or false",
            "System.TimeSpan" => "a duration hh:mm:ss[.fff] (such as 00:00:30 for 30 seconds)",
            "System.DateTimeOffset" or "System.DateTime" => "a date and time (such as 2026-01-31T12:00:00Z)",
            "System.Uri" => "a URL",
            "System.Guid" => "a GUID",
            _ when EnumType(name) is { } enumType => "one of " + string.Join(", ", Enum.GetNames(enumType)),
            _ => $"a value of type {name[(name.LastIndexOf('.') + 1)..]}",
        };
    }

    // The binder names an enum by its full name; it is one of the settings types the process has loaded.
    private static Type? EnumType(string fullName) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(fullName, throwOnError: false)).FirstOrDefault(t => t is { IsEnum: true });

    // Microsoft.Extensions.Configuration.Binder's Error_FailedBinding; English whatever the machine's language, since
    // Program.cs sets the invariant UI culture.
    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']*)' to type '(?<type>[^']*)'\.$", RegexOptions.Singleline)]
    private static partial Regex BinderFailure();

    // Strangler.Configuration.BareDurations' wording.
    [GeneratedRegex(@"^(?<key>[^ ']+): '[^']*' is a bare number")]
    private static partial Regex BareNumber();

    [GeneratedRegex(@"^System\.Nullable`1\[\[(?<type>[^,\]]+)")]
    private static partial Regex NullableOf();

    [GeneratedRegex("password|secret|token|connectionstring|apikey", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
