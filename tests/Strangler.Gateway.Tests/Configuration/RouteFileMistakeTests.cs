using System.Text;
using System.Text.Json.Nodes;
using Strangler.Gateway.Configuration;

namespace Strangler.Gateway.Tests.Configuration;

/// <summary>
/// The mistakes people make editing route files by hand each get one error that says what is wrong and what is
/// accepted, instead of the parser's account of the byte it stopped at, a misleading "is required", or silence.
/// </summary>
public sealed class RouteFileMistakeTests : IDisposable
{
    private readonly string _directory = RouteFiles.NewDirectory();

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static JsonObject Valid(string name = "customers") => RouteFiles.Route(name, "http://127.0.0.1:5101", "http://127.0.0.1:5102");

    private static string Indented(JsonObject route) => route.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    private RouteValidationError SingleError()
    {
        var result = RouteValidator.LoadDirectory(_directory);
        Assert.Empty(result.Routes);
        return Assert.Single(result.Errors);
    }

    [Fact]
    public void ATrailingComma_IsNamed_AtTheComma()
    {
        // Bug: "The JSON object contains a trailing comma at the end which is not supported in this mode. Change the
        // reader options." at the '}' on the next line.
        RouteFiles.WriteRaw(_directory, "customers.json", Indented(Valid()).Replace("\"revision\": 1", "\"revision\": 1,", StringComparison.Ordinal));

        var error = SingleError();

        Assert.Equal("customers.json:16:16: invalid JSON: a trailing comma; JSON allows no ',' after the last property of an object: remove this one", error.ToString());
    }

    [Fact]
    public void ATrailingCommaInAnArray_IsNamed_AtTheComma()
    {
        const string text = """{"name": "customers", "paths": ["/customers",]}""";
        RouteFiles.WriteRaw(_directory, "customers.json", text);

        var error = SingleError();

        Assert.Equal((1, text.IndexOf(",]", StringComparison.Ordinal) + 1), (error.Line, error.Column));
        Assert.Contains("after the last item of an array", error.Message);
    }

    [Fact]
    public void AComment_IsNamed_AtTheComment()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", Indented(Valid()).Replace("\"mode\": \"legacy\",", "\"mode\": \"legacy\", // flipped for INC-42", StringComparison.Ordinal));

        var error = SingleError();

        Assert.Equal("customers.json:9:21: comments are not allowed in route files (a flip rewrites the file and would drop them): remove it", error.ToString());
    }

    [Theory]
    [InlineData("Canary", RouteMode.Canary)]
    [InlineData("NEW", RouteMode.New)]
    [InlineData(" legacy ", RouteMode.Legacy)]
    public void AModeInAnotherCase_IsAccepted_AndAFlipWritesItLowerCase(string mode, RouteMode expected)
    {
        var route = Valid();
        route["mode"] = mode;
        RouteFiles.Write(_directory, route);

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(expected, Assert.Single(result.Routes).Mode);
        Assert.Contains($"\"mode\": \"{RouteModes.ToText(expected)}\"", Encoding.UTF8.GetString(RouteFileWriter.Serialize(result.Routes[0])));
    }

    [Theory]
    [InlineData("\"mode\": null", "mode", "is required: legacy, canary or new")]
    [InlineData("\"mode\": \"canary-ish\"", "mode", "unknown mode \"canary-ish\" (expected \"legacy\", \"canary\" or \"new\")")]
    [InlineData("\"canaryPercentage\": \"10\"", "canaryPercentage", "must be a whole number from 0 to 100, found the string \"10\"; write the number without quotes, e.g. 10")]
    [InlineData("\"canaryPercentage\": \"10%\"", "canaryPercentage", "must be a whole number from 0 to 100, found the string \"10%\"; write the number without quotes or %, e.g. 10")]
    [InlineData("\"canaryPercentage\": 10.5", "canaryPercentage", "must be a whole number from 0 to 100, found 10.5")]
    [InlineData("\"canaryPercentage\": 150", "canaryPercentage", "150 is out of range 0..100")]
    [InlineData("\"fallbackToLegacy\": \"true\"", "fallbackToLegacy", "must be true or false, found the string \"true\"; write true without quotes")]
    [InlineData("\"revision\": \"4\"", "revision", "must be a whole number >= 0, found the string \"4\"; write the number without quotes, e.g. 4")]
    [InlineData("\"paths\": \"/customers\"", "paths", "must be a non-empty array of path patterns, e.g. [\"/customers\", \"/customers/{**rest}\"], found \"/customers\"")]
    [InlineData("\"paths\": []", "paths", "must be a non-empty array of path patterns, e.g. [\"/customers\", \"/customers/{**rest}\"], found []")]
    [InlineData("\"new\": {\"url\": \"http://svc:s3cret@127.0.0.1:5102\"}", "new", "must be a non-empty string, found an object")]
    [InlineData("\"cohort\": \" \"", "cohort", "must be a non-empty string when present, found an empty one")]
    [InlineData("\"legacy\": \"127.0.0.1:5101\"", "legacy", "is not an absolute http(s) URL, e.g. \"http://legacy.internal:8080\"")]
    public void AValueOfTheWrongKind_SaysWhatIsAccepted(string replacement, string field, string message)
    {
        var route = Valid();
        var property = JsonNode.Parse("{" + replacement + "}")!.AsObject().Single();
        route[property.Key] = property.Value?.DeepClone();
        RouteFiles.WriteRaw(_directory, "customers.json", Indented(route));

        var error = SingleError();

        Assert.Equal(field, error.Field);
        Assert.Equal(message, error.Message);
        Assert.NotNull(error.Line);
    }

    [Theory]
    [InlineData("cookie,claim")]
    [InlineData("header, cookie")]
    [InlineData("1")]
    public void AUserKeySourceThatIsNotOneOfTheThree_IsRefused(string source)
    {
        // Bug: Enum.TryParse took "cookie,claim" as a kind that does not exist and "header, cookie" as cookie.
        var route = Valid();
        route["userKey"] = new JsonObject { ["source"] = source, ["name"] = "uid" };
        RouteFiles.Write(_directory, route);

        var error = SingleError();

        Assert.Equal(("userKey.source", $"unknown source \"{source}\" (expected \"header\", \"cookie\" or \"claim\")"), (error.Field, error.Message));
    }

    [Theory]
    [InlineData("payments", "payments: is not read: route files are named <sub-domain>.json; rename it to payments.json")]
    [InlineData("payments.JSON", "payments.JSON: is not read: route files end in lower-case .json; rename it to payments.json")]
    [InlineData("payments.Json", "payments.Json: is not read: route files end in lower-case .json; rename it to payments.json")]
    public void ARouteFileWithoutTheJsonExtension_IsReported_NotSilentlySkipped(string fileName, string message)
    {
        RouteFiles.Write(_directory, Valid());
        RouteFiles.WriteRaw(_directory, fileName, Valid("payments").ToJsonString());

        var error = SingleError();

        Assert.Equal(message, error.ToString());
    }

    [Theory]
    [InlineData("README.md")]
    [InlineData("history.jsonl")]
    [InlineData("OWNERS")]
    [InlineData(".gitkeep")]
    [InlineData(".customers.0f3a.tmp")]
    [InlineData("customers.json~")]
    [InlineData("customers.json.rejected")]
    [InlineData("customers.json.bak")]
    public void FilesThatAreNotRouteFiles_AreStillSkipped(string fileName)
    {
        RouteFiles.Write(_directory, Valid());
        RouteFiles.WriteRaw(_directory, fileName, "{ not a route");

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n\t\n")]
    [InlineData("\uFEFF")]
    public void AnEmptyFile_SaysItIsEmpty(string content)
    {
        // Bug: "The input does not contain any JSON tokens. Expected the input to start with a valid JSON token, when isFinalBlock is true."
        RouteFiles.WriteRaw(_directory, "payments.json", content);

        var error = SingleError();

        Assert.Equal("payments.json: is empty; a route file holds one JSON object describing one sub-domain, with at least name, paths, legacy, new and mode (see routes/README.md)", error.ToString());
    }

    [Fact]
    public void AByteOrderMark_IsAccepted()
    {
        // Bug: "'0xEF' is an invalid start of a value" at line 1, column 1, for a file Notepad saved.
        File.WriteAllBytes(Path.Combine(_directory, "customers.json"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Indented(Valid()))]);

        var result = RouteValidator.LoadDirectory(_directory);

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void ARepeatedFieldAfterAByteOrderMark_IsStillFound()
    {
        var text = Indented(Valid()).Replace("\"mode\": \"legacy\",", "\"mode\": \"legacy\",\n  \"mode\": \"new\",", StringComparison.Ordinal);
        File.WriteAllBytes(Path.Combine(_directory, "customers.json"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(text)]);

        var error = SingleError();

        Assert.Equal(("mode", 10, 3), (error.Field, error.Line, error.Column));
    }

    [Fact]
    public void AUtf16File_IsNamedAsSuch()
    {
        File.WriteAllBytes(Path.Combine(_directory, "customers.json"), [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Indented(Valid()))]);

        var error = SingleError();

        Assert.Equal("customers.json: is UTF-16 encoded; route files must be UTF-8 (save it as UTF-8 in the editor)", error.ToString());
    }

    [Fact]
    public void TwoObjectsInOneFile_AreNamed()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", Indented(Valid()) + "\n" + Indented(Valid("orders")));

        var error = SingleError();

        Assert.Equal((18, 1), (error.Line, error.Column));
        Assert.Equal("invalid JSON: more than one JSON value; a route file holds exactly one object (one sub-domain per file), and this text follows it", error.Message);
    }

    [Fact]
    public void AFileCutShort_SaysTheObjectIsNotClosed()
    {
        var text = Indented(Valid());
        RouteFiles.WriteRaw(_directory, "customers.json", text[..text.IndexOf("\"revision\"", StringComparison.Ordinal)]);

        var error = SingleError();

        Assert.Equal("invalid JSON: the file ends before its object is closed; a '}' or ']' is missing (or the file was cut short)", error.Message);
    }

    [Fact]
    public void AnArrayOfRoutes_SaysOneObjectPerFile()
    {
        RouteFiles.WriteRaw(_directory, "customers.json", $"[{Valid().ToJsonString()}]");

        var error = SingleError();

        Assert.Equal("customers.json:1:1: must be one JSON object {\"name\": ..., \"paths\": [...], ...} describing one sub-domain, found an array", error.ToString());
    }

    [Fact]
    public void ACopiedFileWithTheOldName_IsOneError_NotAlsoADuplicateSubdomain()
    {
        // Bug: besides the name mismatch in the copy, the original was told it defined its sub-domain twice.
        RouteFiles.Write(_directory, RouteFiles.Route("payments", "http://127.0.0.1:5101", "http://127.0.0.1:5102", paths: ["/payments"]));
        RouteFiles.Write(_directory, RouteFiles.Route("payments", "http://127.0.0.1:5101", "http://127.0.0.1:5102", paths: ["/billing"]), "billing.json");

        var error = SingleError();

        Assert.Equal(("billing.json", "name", "'payments' does not match the file name 'billing'"), (error.File, error.Field, error.Message));
    }
}
