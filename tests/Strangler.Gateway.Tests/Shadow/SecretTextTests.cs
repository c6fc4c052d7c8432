using Strangler.Gateway.Shadow;

namespace Strangler.Gateway.Tests.Shadow;

public sealed class SecretTextTests
{
    [Theory]
    [InlineData("<user><name>ann</name><password>pw-1</password></user>", "<user><name>ann</name><password>[redacted]</password></user>")]
    [InlineData("<a:Password type=\"t\">pw-1</a:Password><b>ann</b>", "<a:Password type=\"t\">[redacted]</a:Password><b>ann</b>")]
    [InlineData("<credentials><user>ann</user><pin>1</pin></credentials><n>1</n>", "<credentials>[redacted]</credentials><n>1</n>")]
    [InlineData("<x><apiKey>cut-before-its-end", "<x><apiKey>[redacted]")]
    [InlineData("<password/><name>ann</name>", "<password/><name>ann</name>")]
    [InlineData("user=ann&password=pw-1&page=2", "user=ann&password=[redacted]&page=2")]
    [InlineData("name: ann\nAPI_KEY: pw 1 2\nrole: admin", "name: ann\nAPI_KEY: [redacted]\nrole: admin")]
    [InlineData("{\"name\": \"ann\", \"password\": \"pw \\\" 1\", \"n\": 1}", "{\"name\": \"ann\", \"password\": \"[redacted]\", \"n\": 1}")]
    [InlineData("<input client_secret='pw-1' name='x'>", "<input client_secret='[redacted]' name='x'>")]
    [InlineData("note: reset the token: pw-1", "note: reset the token: [redacted]")]
    public void Scrub_SecretNamedValues_AreRedacted(string text, string expected)
    {
        Assert.Equal(expected, SecretText.Scrub(text));
    }

    [Fact]
    public void Scrub_TextWithoutSecretNames_IsUnchanged()
    {
        const string text = "<p>Hello ann, your order 12 ships today.</p>\nstatus: ok";

        Assert.Same(text, SecretText.Scrub(text));
    }
}
