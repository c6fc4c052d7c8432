using System.Text.Json;
using Strangler.Gateway.Diffing;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class JsonComparerTests
{
    private static List<Difference> Compare(string legacy, string @new, ComparisonRules? rules = null)
    {
        using var left = JsonDocument.Parse(legacy);
        using var right = JsonDocument.Parse(@new);
        return JsonComparer.Compare(left.RootElement, right.RootElement, rules ?? ComparisonRules.None);
    }

    private static ComparisonRules Rules(string[]? ignore = null, string[]? sets = null) => new()
    {
        Ignore = PointerPattern.ParseAll(ignore ?? []),
        ArraysAsSets = PointerPattern.ParseAll(sets ?? []),
    };

    [Fact]
    public void Compare_NumbersByValueAndKeysInAnyOrder_FindsNothing()
    {
        Assert.Empty(Compare("""{"a":1,"b":{"x":2.50,"y":[1e2]}}""", """{"b":{"y":[100],"x":2.5},"a":1.0}"""));
    }

    [Fact]
    public void Compare_EachKind_IsTypedAtItsPointer()
    {
        var found = Compare(
            """{"gone":1,"n":1,"t":"1","flag":true,"same":null}""",
            """{"n":2,"t":1,"flag":false,"same":null,"added":[1]}""");

        Assert.Equal(
            [("/gone", DiffKind.Missing), ("/n", DiffKind.Value), ("/t", DiffKind.Type), ("/flag", DiffKind.Value), ("/added", DiffKind.Extra)],
            found.Select(d => (d.Path, d.Kind)));
        var n = found.Single(d => d.Path == "/n");
        Assert.Equal(("1", "2"), (n.Legacy, n.New));
        Assert.Null(found.Single(d => d.Path == "/gone").New);
    }

    [Fact]
    public void Compare_ArraysByPosition_IndicesFoldIntoTheField()
    {
        var found = Compare("""{"items":[{"name":"a"},{"name":"b"},{"name":"c"}]}""", """{"items":[{"name":"a"},{"name":"B"}]}""");

        Assert.Equal(
            [("/items/1/name", "/items/*/name", DiffKind.Value), ("/items/2", "/items/*", DiffKind.Missing)],
            found.Select(d => (d.Path, d.Field, d.Kind)));
    }

    [Fact]
    public void Compare_SameElementsInAnotherOrder_IsOneOrderDifference()
    {
        var found = Compare("""{"tags":["a","b","c"]}""", """{"tags":["c","a","b"]}""");

        var only = Assert.Single(found);
        Assert.Equal(("/tags", DiffKind.Order), (only.Path, only.Kind));
    }

    [Fact]
    public void Compare_ArrayDeclaredASet_IgnoresOrderButNotContent()
    {
        var rules = Rules(sets: ["/tags", "/groups/*/members"]);

        Assert.Empty(Compare("""{"tags":["a","b","a"],"groups":[{"members":[1,2]}]}""", """{"tags":["a","a","b"],"groups":[{"members":[2,1]}]}""", rules));
        var found = Compare("""{"tags":["a","b"]}""", """{"tags":["b","c"]}""", rules);
        Assert.Equal([("/tags", DiffKind.Missing, "\"a\"", (string?)null), ("/tags", DiffKind.Extra, null, "\"c\"")],
            found.Select(d => (d.Path, d.Kind, d.Legacy, d.New)));
    }

    [Fact]
    public void Compare_IgnoredPaths_AreSkippedWithEverythingUnderThem()
    {
        var rules = Rules(ignore: ["/createdAt", "/items/*/etag", "/meta"]);

        var found = Compare(
            """{"createdAt":"1","meta":{"a":1},"items":[{"etag":"x","v":1},{"etag":"y","v":2}]}""",
            """{"createdAt":"2","meta":{"a":2,"b":3},"items":[{"etag":"z","v":1},{"v":3}]}""", rules);

        var only = Assert.Single(found);
        Assert.Equal("/items/1/v", only.Path);
    }

    [Fact]
    public void Compare_KeysWithSlashAndTilde_AreEscapedAsRfc6901Says()
    {
        var found = Compare("""{"a/b":{"c~d":1}}""", """{"a/b":{"c~d":2}}""");

        Assert.Equal("/a~1b/c~0d", Assert.Single(found).Path);
        Assert.Empty(Compare("""{"a/b":{"c~d":1}}""", """{"a/b":{"c~d":2}}""", Rules(ignore: ["/a~1b/c~0d"])));
    }

    [Fact]
    public void Compare_DifferentRootTypes_IsOneTypeDifferenceAtTheEmptyPointer()
    {
        var only = Assert.Single(Compare("""{"a":1}""", "[1]"));

        Assert.Equal(("", DiffKind.Type), (only.Path, only.Kind));
    }

    [Fact]
    public void Compare_AnswerEntirelyDifferent_StopsAtTheLimit()
    {
        var legacy = "[" + string.Join(",", Enumerable.Range(0, 500)) + "]";
        var @new = "[" + string.Join(",", Enumerable.Range(1000, 500)) + "]";

        Assert.Equal(100, Compare(legacy, @new).Count);
    }

    [Fact]
    public void Compare_LongValues_AreKeptWhole()
    {
        // A sample redacts a value before it trims it (DifferenceRedactor): a cut object could not be parsed.
        var only = Assert.Single(Compare($$"""{"a":"{{new string('x', 1000)}}"}""", """{"a":"y"}"""));

        Assert.Equal($"\"{new string('x', 1000)}\"", only.Legacy);
    }
}
