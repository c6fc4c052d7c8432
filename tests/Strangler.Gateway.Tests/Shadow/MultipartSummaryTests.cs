using System.Text;
using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class MultipartSummaryTests
{
    private const string Body =
        "preamble\r\n--b0\r\nContent-Disposition: form-data; name=\"user\"\r\n\r\nann\r\n"
        + "--b0\r\ncontent-disposition: form-data; name=\"Password\"\r\nContent-Type: text/plain\r\n\r\npw-1\r\n"
        + "--b0\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"a.png\"\r\n\r\nPNGDATA\r\n"
        + "--b0\r\n\r\nno headers\r\n--b0--\r\nepilogue";

    [Fact]
    public void Describe_NamesEachPart_RedactsSecretFieldsAndNeverShowsFiles()
    {
        Assert.Equal("user=ann\nPassword=[redacted]\navatar: file \"a.png\", 7 bytes\n(a part without a name): 10 bytes\n",
            MultipartSummary.Describe(Encoding.UTF8.GetBytes(Body), "b0"));
    }

    [Fact]
    public void Describe_CutOrForeignBody_IsNull()
    {
        Assert.Null(MultipartSummary.Describe(Encoding.UTF8.GetBytes(Body[..100]), "b0"));
        Assert.Null(MultipartSummary.Describe(Encoding.UTF8.GetBytes(Body), "other"));
        Assert.Null(MultipartSummary.Describe("--b0\r\n--b0--"u8, "b0"));
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=\"a b\"", "a b")]
    [InlineData("Multipart/Form-Data; boundary=x1", "x1")]
    [InlineData("multipart/mixed; boundary=x1", null)]
    [InlineData("multipart/form-data", null)]
    [InlineData(null, null)]
    public void Boundary_OnlyOfAFormWithOne(string? contentType, string? expected)
    {
        Assert.Equal(expected, MultipartSummary.Boundary(contentType));
    }
}
