using System.Text;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>
/// Errors about a value named the file and the field but no line: in a long file the operator had to search for it.
/// Each error now names file:line:column of the value at fault (of the name for an unknown or repeated field, of the
/// enclosing object for a missing one), counted as an editor counts, and prints it as compilers do.
/// </summary>
public sealed class RouteErrorPositionTests : IDisposable
{
    private readonly string _directory = RouteFiles.NewDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // The README's example, as a person writes it: one field a line, nested objects on one line.
    private static string Customers(string replace = "", string with = "")
    {
        const string text = """
        {
          "name": "customers",
          "paths": ["/customers", "/customers/{**rest}", "/api/customers", "/api/customers/{**rest}"],
          "legacy": "http://127.0.0.1:5101",
          "new": "http://127.0.0.1:5102",
          "mode": "canary",
          "canaryPercentage": 20,
          "cohort": "customers-orders",
          "userKey": { "source": "header", "name": "X-User-Id" },
          "fallbackToLegacy": true,
          "revision": 3,
          "shadow": { "percentage": 10, "methods": ["GET", "HEAD"] },
          "rollout": {
            "steps": [5, 25, 100],
            "gates": { "errorRateMargin": 0.01, "p99Factor": 1.5 }
          }
        }
        """;
        return replace.Length == 0 ? text : text.Replace(replace, with, StringComparison.Ordinal);
    }

    // Where `marker` first appears in `text`: line and column from 1, in characters.
    private static (int Line, int Column) At(string text, string marker)
    {
        var offset = text.IndexOf(marker, StringComparison.Ordinal);
        Assert.True(offset >= 0, $"'{marker}' is not in the file");
        var before = text[..offset];
        return (before.Count(c => c == '\n') + 1, offset - (before.LastIndexOf('\n') + 1) + 1);
    }

    private RouteValidationError SingleError(string text, string fileName = "customers.json")
    {
        RouteFiles.WriteRaw(_directory, fileName, text);
        var result = RouteValidator.LoadDirectory(_directory);
        Assert.Empty(result.Routes);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void TheExample_IsValid()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", Customers());

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void AValueOutOfRange_IsNamedAtItsLineAndColumn_AsCompilersPrintIt()
    {
        var text = Customers("\"canaryPercentage\": 20", "\"canaryPercentage\": 150");

        var error = SingleError(text);

        var (line, column) = At(text, "150");
        Assert.Equal((7, 23), (line, column));
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal("customers.json:7:23: canaryPercentage: 150 is out of range 0..100", error.ToString());
    }

    public static TheoryData<string, string, string, string> ValueErrors => new()
    {
        // replace, with, field, the text the error points at
        { "\"mode\": \"canary\"", "\"mode\": \"sideways\"", "mode", "\"sideways\"" },
        { "\"mode\": \"canary\"", "\"mode\": 3", "mode", "3," },
        { "\"legacy\": \"http://127.0.0.1:5101\"", "\"legacy\": \"127.0.0.1:5101\"", "legacy", "\"127.0.0.1:5101\"" },
        { "\"new\": \"http://127.0.0.1:5102\"", "\"new\": \"http://svc:s3cret@127.0.0.1:5102\"", "new", "\"http://svc" },
        { "\"/api/customers\",", "\"api/customers\",", "paths[2]", "\"api/customers\"" },
        { "\"source\": \"header\"", "\"source\": \"query\"", "userKey.source", "\"query\"" },
        { "\"fallbackToLegacy\": true", "\"fallbackToLegacy\": \"yes\"", "fallbackToLegacy", "\"yes\"" },
        { "\"revision\": 3", "\"revision\": -3", "revision", "-3" },
        { "\"methods\": [\"GET\", \"HEAD\"]", "\"methods\": [\"GET\", \"head\"]", "shadow.methods[1]", "\"head\"" },
        { "\"percentage\": 10", "\"percentage\": 1000", "shadow.percentage", "1000" },
        { "\"steps\": [5, 25, 100]", "\"steps\": [5, 50, 25, 100]", "rollout.steps[2]", "25," },
        { "\"p99Factor\": 1.5", "\"p99Factor\": 0.5", "rollout.gates.p99Factor", "0.5" },
        { "\"userKey\": { \"source\": \"header\", \"name\": \"X-User-Id\" }", "\"userKey\": \"X-User-Id\"", "userKey", "\"X-User-Id\"" },
    };

    [Theory]
    [MemberData(nameof(ValueErrors))]
    public void AValueError_PointsAtTheValue(string replace, string with, string field, string value)
    {
        var text = Customers(replace, with);

        var error = SingleError(text);

        Assert.Equal(field, error.Field);
        Assert.Equal(At(text, value), (error.Line!.Value, error.Column!.Value));
        Assert.StartsWith($"customers.json:{error.Line}:{error.Column}: {field}: ", error.ToString());
    }

    [Theory]
    [InlineData("\"mode\": \"canary\"", "\"mdoe\": \"canary\", \"mode\": \"canary\"", "mdoe", "\"mdoe\"", "did you mean 'mode'?")]
    [InlineData("\"canaryPercentage\": 20", "\"CanaryPercentage\": 20", "CanaryPercentage", "\"CanaryPercentage\"", "did you mean 'canaryPercentage'? (field names are case-sensitive)")]
    [InlineData("\"p99Factor\": 1.5", "\"p99Factor\": 1.5, \"latency\": 2", "rollout.gates.latency", "\"latency\"", "known: errorRateMargin, p99Factor")]
    [InlineData("\"name\": \"X-User-Id\"", "\"name\": \"X-User-Id\", \"kind\": \"X\"", "userKey.kind", "\"kind\"", "known: source, name")]
    public void AnUnknownField_PointsAtItsName_AndSuggestsTheKnownOne(string replace, string with, string field, string name, string message)
    {
        var text = Customers(replace, with);

        var error = SingleError(text);

        Assert.Equal(field, error.Field);
        Assert.Equal(At(text, name), (error.Line!.Value, error.Column!.Value));
        Assert.StartsWith("unknown field; ", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void AMissingField_PointsAtTheObjectThatLacksIt()
    {
        var text = Customers("\"source\": \"header\", ", "");

        var error = SingleError(text);

        Assert.Equal("userKey.source", error.Field);
        Assert.Equal(At(text, "{ \"name\": \"X-User-Id\" }"), (error.Line!.Value, error.Column!.Value));
    }

    [Fact]
    public void AMissingTopLevelField_PointsAtTheFilesObject()
    {
        var text = "\n\n" + Customers("  \"new\": \"http://127.0.0.1:5102\",\n", "");

        var error = SingleError(text);

        Assert.Equal("new", error.Field);
        Assert.Equal((3, 1), (error.Line, error.Column));
        Assert.Equal("customers.json:3:1: new: is required", error.ToString());
    }

    [Fact]
    public void ARepeatedField_PointsAtTheRepeat()
    {
        var text = Customers("  \"cohort\"", "  \"mode\": \"new\",\n  \"cohort\"");

        var error = SingleError(text);

        Assert.Equal("mode", error.Field);
        Assert.Equal((8, 3), (error.Line, error.Column));
        Assert.Contains("appears more than once (lines 6 and 8)", error.Message);
    }

    [Fact]
    public void TwoFilesClaimingOnePattern_NameBothPlaces()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", Customers());
        var people = Customers("\"name\": \"customers\"", "\"name\": \"people\"")
            .Replace("\"paths\": [\"/customers\", \"/customers/{**rest}\", \"/api/customers\", \"/api/customers/{**rest}\"]",
                "\"paths\": [\n    \"/people\",\n    \"/API/Customers/{**anything}\"\n  ]", StringComparison.Ordinal);
        RouteFiles.WriteRaw(_directory, "people.json", people);

        var error = Assert.Single(RouteValidator.LoadDirectory(_directory).Errors);

        Assert.Equal(("people.json", "paths[1]", 5, 5), (error.File, error.Field, error.Line, error.Column));
        var (line, column) = At(Customers(), "\"/api/customers/{**rest}\"");
        Assert.Equal(
            $"people.json:5:5: paths[1]: '/API/Customers/{{**anything}}' is already claimed by customers.json:{line}:{column} (paths[3]): a pattern belongs to one sub-domain (letter case and parameter names do not make patterns different); remove it from one of the two files",
            error.ToString());
    }

    [Fact]
    public void OnePatternTwiceInOneFile_SaysSo_AtTheSecond()
    {
        var text = Customers("\"/api/customers\",", "\"/Customers\",");

        var error = SingleError(text);

        Assert.Equal(("paths[2]", 3), (error.Field, error.Line));
        Assert.Equal("'/Customers' is the same pattern as paths[0] on line 3 (letter case and parameter names do not make patterns different); keep one", error.Message);
    }

    [Fact]
    public void ABadPathAfterANonString_IsNamedByItsOwnIndex()
    {
        // The reader dropped the 7, so the validator called "customers" paths[1] and pointed at the 7's neighbour.
        var text = Customers("\"/api/customers\",", "7, \"api\",");

        var errors = RouteValidator.LoadDirectory(WriteAndReturnDirectory(text)).Errors;

        Assert.Equal(["paths[2]", "paths[3]"], errors.Select(e => e.Field));
        Assert.Equal(At(text, "7,"), (errors[0].Line!.Value, errors[0].Column!.Value));
        Assert.Equal(At(text, "\"api\""), (errors[1].Line!.Value, errors[1].Column!.Value));
        Assert.StartsWith("'api' must start with '/'", errors[1].Message);
    }

    [Fact]
    public void Columns_CountCharactersNotBytes()
    {
        var text = Customers("\"cohort\": \"customers-orders\"", "\"cohort\": \"kunden-bestellungen-übersicht\", \"x\": 1");

        var error = SingleError(text);

        Assert.Equal(At(text, "\"x\""), (error.Line!.Value, error.Column!.Value));
    }

    [Fact]
    public void ASyntaxError_CarriesItsPositionOnce()
    {
        var text = Customers("\"mode\": \"canary\"", "\"mode\": canary");

        var error = SingleError(text);

        Assert.Equal(At(text, "canary,"), (error.Line!.Value, error.Column!.Value));
        Assert.Equal($"customers.json:{error.Line}:{error.Column}: invalid JSON: 'c' is an invalid start of a value.", error.ToString());
    }

    [Fact]
    public void ATableBuiltInMemory_HasNoPosition()
    {
        var route = new RouteDefinition { Name = "customers", Paths = ["/customers"], Legacy = "http://a", New = "http://b", CanaryPercentage = 120 };

        var error = Assert.Single(RouteValidator.Validate([route]));

        Assert.Null(error.Line);
        Assert.Equal("customers.json: canaryPercentage: 120 is out of range 0..100", error.ToString());
    }

    [Fact]
    public void ToString_PrintsOnlyThePositionItHas()
    {
        Assert.Equal("a.json:3:7: mode: x", new RouteValidationError("a.json", "mode", "x") { Line = 3, Column = 7 }.ToString());
        Assert.Equal("a.json:3: mode: x", new RouteValidationError("a.json", "mode", "x") { Line = 3 }.ToString());
        Assert.Equal("a.json: x", new RouteValidationError("a.json", "", "x").ToString());
    }

    private string WriteAndReturnDirectory(string text)
    {
        RouteFiles.WriteRaw(_directory, "customers.json", text);
        return _directory;
    }

    [Fact]
    public void AByteOrderMark_IsSkipped_AndPositionsAreAsTheEditorShowsThem()
    {
        var text = Customers("\"canaryPercentage\": 20", "\"canaryPercentage\": 150");
        File.WriteAllBytes(Path.Combine(_directory, "customers.json"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var error = Assert.Single(RouteValidator.LoadDirectory(_directory).Errors);

        Assert.Equal("customers.json:7:23: canaryPercentage: 150 is out of range 0..100", error.ToString());
    }
}
