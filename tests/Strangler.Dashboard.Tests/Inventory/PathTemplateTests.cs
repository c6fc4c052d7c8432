using Strangler.Gateway.Dashboard.Inventory;

namespace Strangler.Dashboard.Tests.Inventory;

public sealed class PathTemplateTests
{
    [Theory]
    [InlineData("/customers/42", "/customers/{id}")]
    [InlineData("/customers/42/orders/7", "/customers/{id}/orders/{id}")]
    [InlineData("/orders/3f2504e0-4f89-11d3-9a0c-0305e82c3301", "/orders/{id}")]
    [InlineData("/blobs/0123456789abcdef0123", "/blobs/{id}")]
    [InlineData("/customers/search", "/customers/search")]
    [InlineData("/cafe/beef", "/cafe/beef")]
    [InlineData("/", "/")]
    [InlineData("", "/")]
    [InlineData("/customers//42/", "/customers/{id}")]
    [InlineData("/customers/", "/customers")]
    [InlineData("/Customers/Search", "/Customers/Search")]
    public void Fold_FoldsIdSegmentsOnly(string path, string expected) =>
        Assert.Equal(expected, PathTemplate.Fold(path));

    [Theory]
    [InlineData("/customers/by-email/ada.lovelace@example.com", "/customers/by-email/{value}")]
    [InlineData("/magic-link/eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJhZGEifQ.c2lnbmF0dXJlc2VjcmV0", "/magic-link/{value}")]
    [InlineData("/orders/ORD-2024-000123/items", "/orders/{value}/items")]
    [InlineData("/phones/+4915112345678", "/phones/{value}")]
    [InlineData("/customers/Ada Lovelace", "/customers/{value}")]
    [InlineData("/reset/dGhpc2lzYXNlY3JldHRva2VuZm9yYXVzZXJhbmRtb3Jl", "/reset/{value}")]
    [InlineData("/api/v2/oauth2/token", "/api/v2/oauth2/token")]
    [InlineData("/customer-notification-preferences/2fa", "/customer-notification-preferences/2fa")]
    public void Fold_FoldsSegmentsThatLookLikeValues_AndKeepsWords(string path, string expected) =>
        Assert.Equal(expected, PathTemplate.Fold(path));

    [Fact]
    public void Fold_VeryLongPath_IsCutToTheMaximumLength()
    {
        var template = PathTemplate.Fold("/" + Words(5000));

        Assert.Equal(PathTemplate.MaxLength + 1, template.Length);
        Assert.EndsWith("…", template);
    }

    [Theory]
    [InlineData(PathTemplate.MaxLength - 1)] // the first part fills the template exactly; the next segment is cut off
    [InlineData(PathTemplate.MaxLength - 3)] // the next segment is cut within
    public void Fold_PathJustOverTheMaximum_KeepsTheFirstMaximumCharacters(int firstPart)
    {
        var path = "/" + Words(firstPart) + "/42/more";
        var expected = "/" + Words(firstPart) + "/{id}/more";

        Assert.Equal(expected[..PathTemplate.MaxLength] + "…", PathTemplate.Fold(path));
    }

    [Theory]
    [InlineData("/customers/{id}/orders", "/customers/{id}/orders")]
    [InlineData("/customers/by-email/{value}", "/customers/by-email/{value}")]
    [InlineData("/customers/by-email/ada@example.com", "/customers/by-email/{value}")]
    [InlineData("/magic-link/eyJhbGciOiJIUzI1NiJ9x1/confirm", "/magic-link/{value}/confirm")]
    [InlineData("/orders/42", "/orders/{id}")]
    [InlineData("/", "/")]
    [InlineData("orders/ada@example.com", "/orders/{value}")]
    public void Refold_FoldsASavedTemplateByTodaysRules_AndKeepsWhatIsFoldedAlready(string template, string expected) =>
        Assert.Equal(expected, PathTemplate.Refold(template));

    [Theory]
    [InlineData("/42/more")]
    [InlineData("/ada@example.com/more")]
    [InlineData("/morewords")]
    public void Refold_OfAnyTemplateFoldMade_ChangesNothing(string tail)
    {
        // Cut at every length around the maximum: the cut segment may be a word's start, or "{id}"'s or "{value}"'s.
        for (var first = PathTemplate.MaxLength - 12; first < PathTemplate.MaxLength; first++)
        {
            var template = PathTemplate.Fold("/" + Words(first) + tail);
            Assert.Equal(template, PathTemplate.Refold(template));
        }
    }

    // Path words of nine letters, '/' between them, length characters in all: none is folded as a value.
    private static string Words(int length) => new([.. Enumerable.Range(0, length).Select(i => i % 10 == 9 ? '/' : 'x')]);
}
