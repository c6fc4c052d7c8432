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

    [Fact]
    public void Fold_VeryLongPath_IsCutToTheMaximumLength()
    {
        var template = PathTemplate.Fold("/" + new string('x', 5000));

        Assert.Equal(PathTemplate.MaxLength + 1, template.Length);
        Assert.EndsWith("…", template);
    }

    [Theory]
    [InlineData(PathTemplate.MaxLength - 1)] // the first segment fills the template exactly; the next one is cut off
    [InlineData(PathTemplate.MaxLength - 3)] // the next segment is cut within
    public void Fold_PathJustOverTheMaximum_KeepsTheFirstMaximumCharacters(int firstSegment)
    {
        var path = "/" + new string('x', firstSegment) + "/42/more";
        var expected = "/" + new string('x', firstSegment) + "/{id}/more";

        Assert.Equal(expected[..PathTemplate.MaxLength] + "…", PathTemplate.Fold(path));
    }
}
